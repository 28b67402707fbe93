package dev.switchboard.governance.ratelimit;

import dev.switchboard.governance.Scope;
import dev.switchboard.governance.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Rate limits as configured, one row per team or key. */
public final class RateLimitStore {
    private final Jdbc jdbc;

    public RateLimitStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Sets a scope's limits, replacing what it had, and returns them. One upsert: two admins
     * setting the limits of a scope that has none at the same time cannot both try to insert.
     */
    public RateLimit put(RateLimit limit) {
        jdbc.update("INSERT INTO rate_limits (scope, scope_id, requests_per_minute, tokens_per_minute) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (scope, scope_id) DO UPDATE SET requests_per_minute = excluded.requests_per_minute,"
                        + " tokens_per_minute = excluded.tokens_per_minute",
                limit.scope().wireName(), limit.scopeId(), limit.requestsPerMinute(), limit.tokensPerMinute());
        return limit;
    }

    public Optional<RateLimit> of(Scope scope, String scopeId) {
        return jdbc.queryOne("SELECT * FROM rate_limits WHERE scope = ? AND scope_id = ?", RateLimitStore::limit,
                scope.wireName(), scopeId);
    }

    public boolean delete(Scope scope, String scopeId) {
        return jdbc.update("DELETE FROM rate_limits WHERE scope = ? AND scope_id = ?", scope.wireName(), scopeId) == 1;
    }

    public List<RateLimit> all() {
        return jdbc.query("SELECT * FROM rate_limits", RateLimitStore::limit);
    }

    private static RateLimit limit(ResultSet row) throws SQLException {
        return new RateLimit(Scope.fromWire(row.getString("scope")).orElseThrow(), row.getString("scope_id"),
                Jdbc.nullableInt(row, "requests_per_minute"), Jdbc.nullableLong(row, "tokens_per_minute"));
    }
}
