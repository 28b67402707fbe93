package dev.switchboard.governance.ratelimit;

import dev.switchboard.governance.Scope;

/**
 * Per-minute limits on a team or a key. A null limit is no limit.
 *
 * @param requestsPerMinute requests started per minute
 * @param tokensPerMinute   prompt and completion tokens per minute
 */
public record RateLimit(Scope scope, String scopeId, Integer requestsPerMinute, Long tokensPerMinute) {
    /** The most a limit may allow: Bucket4j refills at most one token per nanosecond, 6·10^10 a minute. */
    public static final long MAX_PER_MINUTE = 60_000_000_000L;

    public RateLimit {
        if (scope == Scope.ORG) {
            throw new IllegalArgumentException("rate limits are set on teams and keys");
        }
        if (requestsPerMinute != null && requestsPerMinute < 1 || tokensPerMinute != null && tokensPerMinute < 1) {
            throw new IllegalArgumentException("a rate limit must be at least 1 per minute");
        }
        if (tokensPerMinute != null && tokensPerMinute > MAX_PER_MINUTE) {
            throw new IllegalArgumentException("a rate limit must be at most " + MAX_PER_MINUTE + " per minute");
        }
    }
}
