package dev.switchboard.reliability;

import java.time.Duration;
import java.util.List;

/**
 * Everything the failover loop needs to serve one request: the chain of models to try and the
 * limits within which to try them.
 *
 * @param requested         the model name the client sent
 * @param stages            the requested model, then its fallbacks in order
 * @param stream            whether the client asked for a stream (first token, not whole answer, is what attempts wait for)
 * @param deadlineNanos     the reading of the failover loop's {@link dev.switchboard.time.Ticker} by which the answer must have started
 * @param timeout           the deadline as a duration, for messages
 * @param firstTokenTimeout for streams, the longest one attempt may wait for its first token; null for none
 * @param hedge             when to start a racing second attempt; null for none
 * @param backoff           the wait before trying a deployment again
 */
public record Plan(String requested, List<Stage> stages, boolean stream, long deadlineNanos, Duration timeout,
                   Duration firstTokenTimeout, HedgeRule hedge, Policy.Backoff backoff) {
    public Plan {
        stages = List.copyOf(stages);
    }
}
