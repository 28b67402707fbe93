package dev.switchboard.governance.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.governance.audit.AuditRecord;
import dev.switchboard.governance.budget.Budget;
import dev.switchboard.governance.byok.CredentialStore;
import dev.switchboard.governance.identity.ApiKey;
import dev.switchboard.governance.privacy.StoredRequests;
import dev.switchboard.governance.identity.Org;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.governance.identity.User;
import dev.switchboard.governance.ratelimit.RateLimit;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the admin API returns: one record per resource, serialised with snake_case names and
 * times as ISO-8601 text. No view has a field for a stored secret; the one response that carries
 * a key, key creation, adds it explicitly ({@link #createdKey}).
 */
final class Views {
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Views() {
    }

    record OrgView(String id, String name, String createdAt) {
        static OrgView of(Org org) {
            return new OrgView(org.id(), org.name(), time(org.createdAt()));
        }
    }

    record TeamView(String id, String orgId, String name, List<String> allowedModels, List<String> deniedModels,
                    Map<String, String> tags, boolean logRequests, Integer logRetentionDays, String createdAt) {
        static TeamView of(Team team) {
            return new TeamView(team.id(), team.orgId(), team.name(), team.models().allowed(), team.models().denied(), team.tags(),
                    team.logRequests(), team.logRetentionDays(), time(team.createdAt()));
        }
    }

    record UserView(String id, String orgId, String email, String role, String teamId, String createdAt) {
        static UserView of(User user) {
            return new UserView(user.id(), user.orgId(), user.email(), user.role().wireName(), user.teamId(), time(user.createdAt()));
        }
    }

    record KeyView(String id, String prefix, String name, String orgId, String teamId, String userId, List<String> allowedModels,
                   List<String> deniedModels, Map<String, String> tags, String expiresAt, String revokedAt, String createdAt) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.id(), key.prefix(), key.name(), key.orgId(), key.teamId(), key.userId(), key.models().allowed(),
                    key.models().denied(), key.tags(), time(key.expiresAt()), time(key.revokedAt()), time(key.createdAt()));
        }
    }

    record BudgetView(String id, String scope, String scopeId, String period, String limitUsd, List<Integer> alertThresholds,
                      String createdAt) {
        static BudgetView of(Budget budget) {
            return new BudgetView(budget.id(), budget.scope().wireName(), budget.scopeId(), budget.period().wireName(),
                    BigDecimal.valueOf(budget.limitNanos(), 9).stripTrailingZeros().toPlainString(), budget.alertThresholds(),
                    time(budget.createdAt()));
        }
    }

    record RateLimitView(String scope, String scopeId, Integer requestsPerMinute, Long tokensPerMinute) {
        static RateLimitView of(RateLimit limit) {
            return new RateLimitView(limit.scope().wireName(), limit.scopeId(), limit.requestsPerMinute(), limit.tokensPerMinute());
        }
    }

    record CredentialView(String teamId, String provider, String keyHint, String createdAt) {
        static CredentialView of(CredentialStore.Info info) {
            return new CredentialView(info.teamId(), info.provider(), info.keyHint(), time(info.createdAt()));
        }
    }

    record AuditView(long seq, String time, String orgId, String actor, String action, String target, JsonNode detail,
                     String prevHash, String hash) {
        static AuditView of(AuditRecord record) {
            try {
                return new AuditView(record.seq(), Views.time(record.time()), record.orgId(), record.actor(), record.action(),
                        record.target(), record.detail() == null ? null : JSON.readTree(record.detail()), record.prevHash(), record.hash());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("corrupt detail in audit entry " + record.seq(), e);
            }
        }
    }

    /** A stored request of an opted-in team, as redacted when it was written. */
    record StoredRequestView(String requestId, String time, String keyId, String model, String request, String response,
                             String expiresAt) {
        static StoredRequestView of(StoredRequests.StoredRequest stored) {
            return new StoredRequestView(stored.requestId(), Views.time(stored.time()), stored.keyId(), stored.model(),
                    stored.requestText(), stored.responseText(), Views.time(stored.expiresAt()));
        }
    }

    /** A list response, {@code {"data": [...]}}, with the cursor of the next page when there may be one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Page<T>(List<T> data, Long nextCursor) {
        static <T> Page<T> of(List<T> data) {
            return new Page<>(data, null);
        }
    }

    /** The response to key creation: the key's view plus the key itself, shown this once. */
    static ObjectNode createdKey(ApiKey key, String secret) {
        ObjectNode node = JSON.valueToTree(KeyView.of(key));
        node.put("key", secret);
        return node;
    }

    static void respond(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin views always serialise", e);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
