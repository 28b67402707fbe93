package dev.switchboard.reliability;

import dev.switchboard.usage.AttemptResult;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempts made for one request, as the failover loop goes: what the response headers count
 * and the usage record lists. Hedged attempts finish on other threads, hence the lock.
 */
public final class AttemptLog {
    private final List<UsageRecord.Attempt> attempts = new ArrayList<>(2);

    /** @param latencyNanos from the attempt's start to its answer or failure, on the failover loop's ticker */
    synchronized void add(String deployment, AttemptResult result, int status, long latencyNanos, TokenUsage usage) {
        attempts.add(new UsageRecord.Attempt(deployment, result, status, latencyNanos / 1000, usage));
    }

    public synchronized int count() {
        return attempts.size();
    }

    public synchronized List<UsageRecord.Attempt> attempts() {
        return List.copyOf(attempts);
    }
}
