package dev.switchboard.governance.ratelimit;

import dev.switchboard.governance.Scope;

/**
 * Per-minute limits on a team or a key. A null limit is no limit.
 *
 * @param requestsPerMinute requests started per minute
 * @param tokensPerMinute   prompt and completion tokens per minute
 */
public record RateLimit(Scope scope, String scopeId, Integer requestsPerMinute, Long tokensPerMinute) {
    public RateLimit {
        if (scope == Scope.ORG) {
            throw new IllegalArgumentException("rate limits are set on teams and keys");
        }
        if (requestsPerMinute != null && requestsPerMinute < 1 || tokensPerMinute != null && tokensPerMinute < 1) {
            throw new IllegalArgumentException("a rate limit must be at least 1 per minute");
        }
    }
}
