package dev.switchboard.governance.identity;

import java.time.Instant;
import java.util.Map;

/**
 * A team inside an organisation: keys belong to it, budgets and limits may be set on it.
 *
 * @param models           the models its keys may call
 * @param tags             free-form metadata, copied into nothing but the admin API
 * @param logRequests      whether prompts and completions of its traffic are stored, redacted (off by default)
 * @param logRetentionDays how long stored requests are kept before they are purged; null for the default
 */
public record Team(String id, String orgId, String name, ModelRules models, Map<String, String> tags,
                   boolean logRequests, Integer logRetentionDays, Instant createdAt) {
    public Team {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        models = models == null ? ModelRules.ANY : models;
    }
}
