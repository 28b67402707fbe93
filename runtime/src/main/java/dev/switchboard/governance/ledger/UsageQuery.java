package dev.switchboard.governance.ledger;

import dev.switchboard.error.GatewayException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A usage question: totals grouped by one dimension, over the ledger rows that pass every filter.
 * Null filters match everything; {@code from} and {@code to} are inclusive UTC days.
 *
 * @param groupBy what each total is for
 * @param orgId   only this organisation's requests
 * @param teamId  only this team's requests
 * @param keyId   only this key's requests
 * @param from    first day included
 * @param to      last day included
 * @param model   only requests for this (requested) model name
 */
public record UsageQuery(GroupBy groupBy, String orgId, String teamId, String keyId, LocalDate from, LocalDate to, String model) {

    /** The dimensions totals are grouped by, each a ledger column (a fixed list: never SQL built from input). */
    public enum GroupBy {
        ORG("org_id"), TEAM("team_id"), KEY("key_id"), MODEL("requested_model"), DAY("day"), PROVIDER("provider");

        private final String column;

        GroupBy(String column) {
            this.column = column;
        }

        String column() {
            return column;
        }

        /** The query-string spelling, e.g. {@code team}. */
        public String parameter() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    // Unknown parameters are refused: a misspelt filter silently ignored would report someone else's spend.
    private static final Set<String> PARAMETERS = Set.of("group_by", "org_id", "team_id", "key_id", "from", "to", "model", "format");

    public UsageQuery {
        if (groupBy == null) {
            throw new IllegalArgumentException("groupBy");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new GatewayException.InvalidRequest("from (" + from + ") is after to (" + to + ").", "from");
        }
    }

    /**
     * Reads a query from query-string parameters: {@code group_by} (org, team, key, model, day or
     * provider; default day), {@code org_id}, {@code team_id}, {@code key_id}, {@code model},
     * {@code from} and {@code to} as {@code yyyy-MM-dd}. {@code format} is accepted and left to the caller.
     *
     * @throws GatewayException.InvalidRequest naming the parameter that is unknown, repeated or malformed
     */
    public static UsageQuery parse(Map<String, List<String>> parameters) {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new GatewayException.InvalidRequest("Unknown parameter '" + name + "'; expected one of "
                        + PARAMETERS.stream().sorted().toList() + ".", name);
            }
        }
        String group = single(parameters, "group_by");
        GroupBy groupBy = GroupBy.DAY;
        if (group != null) {
            try {
                groupBy = GroupBy.valueOf(group.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new GatewayException.InvalidRequest("group_by must be one of org, team, key, model, day, provider; got '"
                        + group + "'.", "group_by");
            }
        }
        return new UsageQuery(groupBy, single(parameters, "org_id"), single(parameters, "team_id"), single(parameters, "key_id"),
                day(parameters, "from"), day(parameters, "to"), single(parameters, "model"));
    }

    /** This query narrowed to one organisation and, when {@code teamId} is not null, one team (for scoped roles). */
    public UsageQuery within(String orgId, String teamId) {
        return new UsageQuery(groupBy, orgId, teamId == null ? this.teamId : teamId, keyId, from, to, model);
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new GatewayException.InvalidRequest("Parameter '" + name + "' is given more than once.", name);
        }
        String value = values.getFirst().strip();
        return value.isEmpty() ? null : value;
    }

    private static LocalDate day(Map<String, List<String>> parameters, String name) {
        String value = single(parameters, name);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new GatewayException.InvalidRequest(name + " must be a date as yyyy-MM-dd; got '" + value + "'.", name);
        }
    }
}
