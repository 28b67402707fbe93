package dev.switchboard.governance.budget;

import dev.switchboard.governance.alerts.BudgetAlert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One budget's spend in its current period, in memory: what settled requests spent and what
 * requests in flight have reserved. Every method but the constructor requires {@link #lock}.
 */
final class BudgetCounter {
    final ReentrantLock lock = new ReentrantLock();
    private final String id;
    // @GuardedBy("lock") for every field below.
    private Budget budget;
    private long spent;
    private long reserved;
    private Instant periodStart;
    private Instant periodEnd;
    // The highest alert threshold already sent in this period, so each is sent once.
    private int alerted;

    /** @param spentSoFar what the ledger says the scope spent since the start of the current period */
    BudgetCounter(Budget budget, long spentSoFar, Instant now) {
        this.id = budget.id();
        this.budget = budget;
        this.periodStart = budget.period().start(now);
        this.periodEnd = budget.period().end(now);
        this.spent = spentSoFar;
        // Thresholds already behind us (the gateway restarted mid-period) were alerted before.
        this.alerted = budget.alertThresholds().stream().filter(this::reached).mapToInt(Integer::intValue).max().orElse(0);
    }

    String id() {
        return id;
    }

    void update(Budget changed) {
        budget = changed;
    }

    /** Starts a new period when the current one is over: spend is forgotten, reservations in flight are not. */
    void roll(Instant now) {
        if (!now.isBefore(periodEnd)) {
            periodStart = budget.period().start(now);
            periodEnd = budget.period().end(now);
            spent = 0;
            alerted = 0;
        }
    }

    /**
     * Whether a request that may cost {@code estimate} fits. A request of unknown price (estimate
     * 0) still needs one nano-dollar of room, so an exhausted budget refuses it too. The room is
     * compared rather than the sum, which an estimate near {@link Long#MAX_VALUE} would overflow
     * into a negative number that fits every budget.
     */
    boolean fits(long estimate) {
        return Math.max(estimate, 1) <= budget.limitNanos() - spent - reserved;
    }

    void reserve(long estimate) {
        reserved += estimate;
    }

    /** Turns a reservation into spend and returns the alerts the new spend calls for. */
    List<BudgetAlert> settle(long estimate, long actual, Instant now) {
        roll(now);
        reserved -= estimate;
        spent += actual;
        List<BudgetAlert> alerts = new ArrayList<>(0);
        for (int threshold : budget.alertThresholds()) {
            if (threshold > alerted && reached(threshold)) {
                alerted = threshold;
                alerts.add(new BudgetAlert(BudgetAlert.TYPE, id, budget.scope().wireName(), budget.scopeId(),
                        budget.period().wireName(), threshold, budget.limitNanos(), spent, usd(budget.limitNanos()), usd(spent),
                        periodStart.toString(), periodEnd.toString(), now.toString()));
            }
        }
        return alerts;
    }

    /** The message of a 402: which budget, its limit, what is spent and reserved, and when it resets. */
    String refusal(long estimate) {
        long left = Math.max(0, budget.limitNanos() - spent - reserved);
        return "Budget exceeded: the " + adjective() + " budget of " + owner() + " is $" + usd(budget.limitNanos())
                + ", of which $" + usd(spent) + " is spent and $" + usd(reserved) + " reserved by requests in flight, leaving $"
                + usd(left) + "; this request may cost up to $" + usd(estimate) + ". The budget resets at " + periodEnd + ".";
    }

    private String owner() {
        return switch (budget.scope()) {
            case KEY -> "this API key";
            case TEAM -> "this API key's team";
            case ORG -> "this API key's organisation";
        };
    }

    private String adjective() {
        return switch (budget.period()) {
            case DAY -> "daily";
            case WEEK -> "weekly";
            case MONTH -> "monthly";
        };
    }

    private boolean reached(int thresholdPercent) {
        // In floating point: a percentage of a nano-dollar amount may overflow a long; alerts need no exactness.
        return budget.limitNanos() > 0 && spent * 100.0 >= (double) thresholdPercent * budget.limitNanos();
    }

    static String usd(long nanos) {
        BigDecimal dollars = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        return (dollars.scale() < 2 ? dollars.setScale(2) : dollars).toPlainString();
    }
}
