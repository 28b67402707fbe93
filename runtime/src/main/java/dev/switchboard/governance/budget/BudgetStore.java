package dev.switchboard.governance.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.governance.Scope;
import dev.switchboard.governance.identity.KeySecrets;
import dev.switchboard.governance.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Budgets as configured; how much of them is spent is the ledger's and the budget guard's business. */
public final class BudgetStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbc jdbc;
    private final Clock clock;

    public BudgetStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Sets the budget of a scope for a period, replacing any budget it had for that period (which
     * keeps its id and creation time). One upsert, then the row as stored: two admins setting a
     * new budget at the same time cannot both try to insert it.
     */
    public Budget put(Scope scope, String scopeId, Budget.Period period, long limitNanos, List<Integer> alertThresholds) {
        // The budget as it would be if new: validated and its thresholds in order.
        Budget fresh = new Budget(KeySecrets.newId("budget"), scope, scopeId, period, limitNanos, alertThresholds,
                Instant.ofEpochMilli(clock.millis()));
        return jdbc.inTransaction(c -> {
            Jdbc.update(c, "INSERT INTO budgets (id, scope, scope_id, period, limit_nanos, alert_thresholds, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, scope_id, period) DO UPDATE"
                            + " SET limit_nanos = excluded.limit_nanos, alert_thresholds = excluded.alert_thresholds",
                    fresh.id(), scope.wireName(), scopeId, period.wireName(), limitNanos, thresholds(fresh.alertThresholds()),
                    fresh.createdAt().toEpochMilli());
            return Jdbc.query(c, "SELECT * FROM budgets WHERE scope = ? AND scope_id = ? AND period = ?",
                    BudgetStore::budget, scope.wireName(), scopeId, period.wireName()).getFirst();
        });
    }

    public Optional<Budget> budget(String id) {
        return jdbc.queryOne("SELECT * FROM budgets WHERE id = ?", BudgetStore::budget, id);
    }

    public boolean delete(String id) {
        return jdbc.update("DELETE FROM budgets WHERE id = ?", id) == 1;
    }

    /** The budgets set on one scope. */
    public List<Budget> of(Scope scope, String scopeId) {
        return jdbc.query("SELECT * FROM budgets WHERE scope = ? AND scope_id = ? ORDER BY period",
                BudgetStore::budget, scope.wireName(), scopeId);
    }

    /** Every budget, for the guard to load at start. */
    public List<Budget> all() {
        return jdbc.query("SELECT * FROM budgets ORDER BY id", BudgetStore::budget);
    }

    private static Budget budget(ResultSet row) throws SQLException {
        String thresholds = row.getString("alert_thresholds");
        try {
            return new Budget(row.getString("id"), Scope.fromWire(row.getString("scope")).orElseThrow(),
                    row.getString("scope_id"), Budget.Period.fromWire(row.getString("period")).orElseThrow(),
                    row.getLong("limit_nanos"),
                    thresholds == null ? List.of() : JSON.readValue(thresholds, new TypeReference<List<Integer>>() {
                    }), Instant.ofEpochMilli(row.getLong("created_at")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt alert_thresholds of budget " + row.getString("id"), e);
        }
    }

    private static String thresholds(List<Integer> values) {
        return values.isEmpty() ? null : values.toString();
    }
}
