package dev.switchboard.governance.identity;

import java.time.Instant;
import java.util.Map;

/**
 * A virtual API key as stored: never the key itself, only its hash (not in this record) and the
 * first characters for display.
 *
 * @param userId    the user it acts for on the admin API; null for a service key
 * @param expiresAt null for a key that does not expire
 * @param revokedAt null while the key is live
 */
public record ApiKey(String id, String prefix, String name, String orgId, String teamId, String userId,
                     ModelRules models, Map<String, String> tags, Instant expiresAt, Instant revokedAt,
                     Instant createdAt) {
    public ApiKey {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        models = models == null ? ModelRules.ANY : models;
    }

    /** Whether the key may be used at {@code now}. */
    public boolean liveAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
