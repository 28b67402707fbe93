package dev.switchboard.governance.budget;

import dev.switchboard.governance.Scope;
import java.time.Instant;
import java.util.List;

/**
 * A spending limit in US dollars on an organisation, a team or a key, over a calendar period that
 * resets by itself (UTC day, ISO week from Monday, calendar month).
 *
 * @param limitNanos      the limit in nano-dollars (10^-9 USD), the unit all money is kept in
 * @param alertThresholds percentages of the limit at which an alert event is sent, ascending
 */
public record Budget(String id, Scope scope, String scopeId, Period period, long limitNanos,
                     List<Integer> alertThresholds, Instant createdAt) {
    public Budget {
        alertThresholds = alertThresholds == null ? List.of() : alertThresholds.stream().sorted().distinct().toList();
        if (limitNanos < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }

    /** How often a budget starts again from zero; periods are calendar periods in UTC. */
    public enum Period {
        DAY, WEEK, MONTH;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static java.util.Optional<Period> fromWire(String name) {
            return java.util.Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
        }

        /** The start of the period that contains {@code now}. */
        public Instant start(Instant now) {
            java.time.LocalDate day = now.atZone(java.time.ZoneOffset.UTC).toLocalDate();
            java.time.LocalDate first = switch (this) {
                case DAY -> day;
                case WEEK -> day.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
                case MONTH -> day.withDayOfMonth(1);
            };
            return first.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        }

        /** The start of the next period after the one that contains {@code now}: when the budget resets. */
        public Instant end(Instant now) {
            java.time.LocalDate first = start(now).atZone(java.time.ZoneOffset.UTC).toLocalDate();
            java.time.LocalDate next = switch (this) {
                case DAY -> first.plusDays(1);
                case WEEK -> first.plusWeeks(1);
                case MONTH -> first.plusMonths(1);
            };
            return next.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        }
    }
}
