package dev.switchboard.governance.budget;

import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.Scope;
import dev.switchboard.governance.alerts.AlertSink;
import dev.switchboard.governance.store.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Enforces the USD budgets of a key, its team and its organisation by reservation: before the
 * upstream call a request reserves its largest possible cost ({@link MaxCost}) against every
 * budget that applies, all or nothing, and is refused with a 402 if any of them cannot cover it;
 * after the answer the reservation settles into the actual cost. Concurrent requests therefore
 * cannot together spend more than a budget, whatever their timing.
 *
 * <p>Thread-safe. Budgets are read from {@link BudgetStore} at start and on {@link #refresh};
 * nothing touches the database per request.
 */
public final class BudgetGuard {
    /*
     * Each budget has a BudgetCounter (spent, reserved) for its current period, guarded by its own
     * lock. A reservation takes the locks of all its budgets in one global order (budget id), so
     * two requests sharing budgets can never deadlock, checks spent + reserved + estimate <= limit
     * for each, and only then adds the estimate to each: all or nothing. Settling needs one lock
     * at a time, since it only ever lowers spent + reserved (actual <= estimate) or, when the
     * estimate was short, raises spent by what was really spent.
     *
     * Counters live in this process only. With several gateways on one database each enforces
     * its own view: together they can spend up to (nodes x limit) within a period. A budget's
     * spend is seeded from the usage ledger when it is first loaded (start, or its creation), so a
     * restart does not forget the period's spend, minus whatever the ledger had not yet flushed.
     *
     * Periods are calendar periods in UTC. When one ends, spend restarts from zero on the next
     * call; reservations still in flight settle into the new period.
     */
    private static final Comparator<BudgetCounter> LOCK_ORDER = Comparator.comparing(BudgetCounter::id);

    private final BudgetStore store;
    private final Jdbc jdbc;
    private final Clock clock;
    private final AlertSink alerts;
    private final Object reloading = new Object();
    private volatile Map<Holder, List<BudgetCounter>> counters = Map.of();

    private record Holder(Scope scope, String id) {
    }

    public BudgetGuard(BudgetStore store, Jdbc jdbc, Clock clock, AlertSink alerts) {
        this.store = store;
        this.jdbc = jdbc;
        this.clock = clock;
        this.alerts = alerts;
        refresh();
    }

    /**
     * Re-reads every budget: new ones are seeded from the ledger, changed ones keep their spend,
     * deleted ones are dropped. Called when an admin changes governance state.
     */
    public void refresh() {
        synchronized (reloading) {
            Map<String, BudgetCounter> known = new HashMap<>();
            counters.values().forEach(list -> list.forEach(c -> known.put(c.id(), c)));
            Instant now = clock.instant();
            Map<Holder, List<BudgetCounter>> next = new HashMap<>();
            for (Budget budget : store.all()) {
                BudgetCounter counter = known.get(budget.id());
                if (counter == null) {
                    counter = new BudgetCounter(budget, spentSince(budget.scope(), budget.scopeId(), budget.period().start(now)), now);
                } else {
                    counter.lock.lock();
                    try {
                        counter.update(budget);
                    } finally {
                        counter.lock.unlock();
                    }
                }
                next.computeIfAbsent(new Holder(budget.scope(), budget.scopeId()), h -> new ArrayList<>()).add(counter);
            }
            next.replaceAll((holder, list) -> List.copyOf(list));
            counters = Map.copyOf(next);
        }
    }

    /** Whether any budget applies, so callers can skip estimating the cost of requests nobody limits. */
    public boolean limits(String keyId, String teamId, String orgId) {
        Map<Holder, List<BudgetCounter>> current = counters;
        return !current.isEmpty() && (current.containsKey(new Holder(Scope.KEY, keyId))
                || current.containsKey(new Holder(Scope.TEAM, teamId)) || current.containsKey(new Holder(Scope.ORG, orgId)));
    }

    /**
     * Reserves {@code estimateNanos} against every budget of the key, its team and its organisation.
     *
     * @throws GatewayException.BudgetExceeded naming the first budget that cannot cover it, with its limit, spend and reset time
     */
    public BudgetReservation reserve(String keyId, String teamId, String orgId, long estimateNanos) {
        Map<Holder, List<BudgetCounter>> current = counters;
        List<BudgetCounter> applicable = new ArrayList<>(3);
        applicable.addAll(current.getOrDefault(new Holder(Scope.KEY, keyId), List.of()));
        applicable.addAll(current.getOrDefault(new Holder(Scope.TEAM, teamId), List.of()));
        applicable.addAll(current.getOrDefault(new Holder(Scope.ORG, orgId), List.of()));
        if (applicable.isEmpty()) {
            return BudgetReservation.NONE;
        }
        applicable.sort(LOCK_ORDER);
        Instant now = clock.instant();
        int locked = 0;
        try {
            for (BudgetCounter counter : applicable) {
                counter.lock.lock();
                locked++;
            }
            for (BudgetCounter counter : applicable) {
                counter.roll(now);
                if (!counter.fits(estimateNanos)) {
                    throw new GatewayException.BudgetExceeded(counter.refusal(estimateNanos));
                }
            }
            for (BudgetCounter counter : applicable) {
                counter.reserve(estimateNanos);
            }
        } finally {
            for (int i = locked - 1; i >= 0; i--) {
                applicable.get(i).lock.unlock();
            }
        }
        return new BudgetReservation(List.copyOf(applicable), estimateNanos, clock, alerts);
    }

    private long spentSince(Scope scope, String scopeId, Instant periodStart) {
        String column = switch (scope) {
            case ORG -> "org_id";
            case TEAM -> "team_id";
            case KEY -> "key_id";
        };
        return jdbc.queryOne("SELECT COALESCE(SUM(cost_nanos), 0) FROM usage_ledger WHERE " + column + " = ? AND time >= ?",
                row -> row.getLong(1), scopeId, periodStart.toEpochMilli()).orElse(0L);
    }
}
