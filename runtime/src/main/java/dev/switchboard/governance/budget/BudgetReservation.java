package dev.switchboard.governance.budget;

import dev.switchboard.governance.alerts.AlertSink;
import dev.switchboard.governance.alerts.BudgetAlert;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The largest possible cost of one request, held against every budget of its key, team and
 * organisation while it runs. It must end exactly once — {@link #settle} with the actual cost, or
 * {@link #release} when the request failed — or the money stays reserved; later calls do nothing.
 */
public final class BudgetReservation {
    /** For callers without budgets. */
    public static final BudgetReservation NONE = new BudgetReservation(List.of(), 0, null, AlertSink.NONE);

    private final List<BudgetCounter> counters;
    private final long estimateNanos;
    private final Clock clock;
    private final AlertSink alerts;
    private final AtomicBoolean ended = new AtomicBoolean();

    BudgetReservation(List<BudgetCounter> counters, long estimateNanos, Clock clock, AlertSink alerts) {
        this.counters = counters;
        this.estimateNanos = estimateNanos;
        this.clock = clock;
        this.alerts = alerts;
    }

    /** What was reserved, in nano-dollars. */
    public long estimateNanos() {
        return estimateNanos;
    }

    /** @param costUsd the request's actual cost; null when unknown (unpriced model, no usage reported), which spends nothing */
    public void settle(BigDecimal costUsd) {
        end(costUsd == null ? 0 : nanos(costUsd));
    }

    /** Frees the reservation without spending: the request failed. */
    public void release() {
        end(0);
    }

    private void end(long actualNanos) {
        if (counters.isEmpty() || !ended.compareAndSet(false, true)) {
            return;
        }
        List<BudgetAlert> crossed = new ArrayList<>(0);
        java.time.Instant now = clock.instant();
        for (BudgetCounter counter : counters) {
            counter.lock.lock();
            try {
                crossed.addAll(counter.settle(estimateNanos, actualNanos, now));
            } finally {
                counter.lock.unlock();
            }
        }
        crossed.forEach(alerts::send);
    }

    /** USD to whole nano-dollars, rounded up: a budget is never charged less than was spent. */
    static long nanos(BigDecimal usd) {
        return usd.movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
