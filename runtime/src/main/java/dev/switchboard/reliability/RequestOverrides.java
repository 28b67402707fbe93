package dev.switchboard.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What one request asks to change in its policy (from {@code x-switchboard-*} headers). Null
 * fields leave the configured value.
 *
 * @param retries           replaces {@code retries}
 * @param timeout           replaces {@code timeout}, the request's deadline
 * @param firstTokenTimeout replaces {@code first_token_timeout}
 * @param hedge             replaces {@code hedge}; {@link #NO_HEDGE} turns hedging off
 * @param fallbacks         replaces the fallback chain with these model names
 * @param fallbackOn        the conditions of {@code fallbacks}; null for rate limits, server errors and timeouts
 */
public record RequestOverrides(Integer retries, Duration timeout, Duration firstTokenTimeout, HedgeRule hedge,
                               List<String> fallbacks, Set<Failure> fallbackOn) {
    /** Marks a request that turns hedging off. */
    public static final HedgeRule NO_HEDGE = new HedgeRule(Duration.ZERO, 0, Duration.ZERO);

    public static final RequestOverrides NONE = new RequestOverrides(null, null, null, null, null, null);

    Policy applyTo(Policy policy) {
        Policy p = policy;
        if (retries != null) {
            p = p.withRetries(retries);
        }
        if (timeout != null) {
            p = p.withTimeout(timeout);
        }
        if (firstTokenTimeout != null) {
            p = p.withFirstTokenTimeout(firstTokenTimeout);
        }
        if (hedge != null) {
            p = p.withHedge(hedge == NO_HEDGE ? null : hedge);
        }
        if (fallbacks != null) {
            Set<Failure> on = fallbackOn == null ? Failure.AVAILABILITY : fallbackOn;
            p = p.withFallbacks(fallbacks.stream().map(model -> new FallbackRule(model, on)).toList());
        }
        return p;
    }
}
