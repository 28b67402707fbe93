package dev.switchboard.governance.privacy;

import dev.switchboard.governance.store.Jdbc;
import java.time.Instant;
import java.util.List;

/**
 * Reads the requests an opted-in team's traffic left in the request log, newest first, already
 * redacted when they were written. Nothing else in the gateway reads them back.
 */
public final class StoredRequests {
    /**
     * One stored request.
     *
     * @param requestText  the request body, redacted
     * @param responseText the answer (a stream's text), redacted; null when there was none
     * @param expiresAt    when the retention sweep deletes it
     */
    public record StoredRequest(String requestId, Instant time, String keyId, String model, String requestText,
                                String responseText, Instant expiresAt) {
    }

    private final Jdbc jdbc;

    public StoredRequests(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param before only requests older than this (the previous page's last time); null for the newest
     * @param limit  most requests returned
     */
    public List<StoredRequest> find(String teamId, Instant before, int limit) {
        return jdbc.query("SELECT * FROM request_logs WHERE team_id = ? AND time < ? ORDER BY time DESC, request_id LIMIT ?",
                row -> new StoredRequest(row.getString("request_id"), Instant.ofEpochMilli(row.getLong("time")),
                        row.getString("key_id"), row.getString("model"), row.getString("request_text"),
                        row.getString("response_text"), Instant.ofEpochMilli(row.getLong("expires_at"))),
                teamId, before == null ? Long.MAX_VALUE : before.toEpochMilli(), limit);
    }
}
