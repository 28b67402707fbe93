package dev.switchboard.reliability;

import java.time.Duration;
import java.util.List;

/**
 * The reliability settings in force for one request: the gateway's defaults, overridden by the
 * model's, the alias's and finally the request's own headers.
 *
 * @param balance           how the model's deployments share requests
 * @param retries           further attempts at each model of the chain after its first fails
 * @param timeout           the request's deadline, from arrival, for all of its attempts
 * @param firstTokenTimeout for streams, the longest wait for the first token of one attempt; null for none
 * @param hedge             when to start a second, racing attempt; null when hedging is off
 * @param fallbacks         the models tried, in order, once this one has failed
 * @param backoff           the wait before trying a deployment again
 */
public record Policy(Balance balance, int retries, Duration timeout, Duration firstTokenTimeout, HedgeRule hedge,
                     List<FallbackRule> fallbacks, Backoff backoff) {
    public Policy {
        fallbacks = List.copyOf(fallbacks);
    }

    /** Exponential backoff with full jitter, capped. */
    public record Backoff(Duration initial, Duration max) {
        /** The wait before the {@code retry}-th retry (1-based) of a deployment: random in [0, min(max, initial * 2^(retry-1))]. */
        public long delayNanos(int retry, java.util.random.RandomGenerator random) {
            long cap = Math.min(max.toNanos(), initial.toNanos() << Math.min(retry - 1, 20));
            return cap <= 0 ? 0 : random.nextLong(cap + 1);
        }
    }

    Policy withBalance(Balance value) {
        return new Policy(value, retries, timeout, firstTokenTimeout, hedge, fallbacks, backoff);
    }

    Policy withRetries(int value) {
        return new Policy(balance, value, timeout, firstTokenTimeout, hedge, fallbacks, backoff);
    }

    Policy withTimeout(Duration value) {
        return new Policy(balance, retries, value, firstTokenTimeout, hedge, fallbacks, backoff);
    }

    Policy withFirstTokenTimeout(Duration value) {
        return new Policy(balance, retries, timeout, value, hedge, fallbacks, backoff);
    }

    Policy withHedge(HedgeRule value) {
        return new Policy(balance, retries, timeout, firstTokenTimeout, value, fallbacks, backoff);
    }

    Policy withFallbacks(List<FallbackRule> value) {
        return new Policy(balance, retries, timeout, firstTokenTimeout, hedge, value, backoff);
    }
}
