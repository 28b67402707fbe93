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

    synchronized void add(String deployment, AttemptResult result, int status, long startNanos, TokenUsage usage) {
        attempts.add(new UsageRecord.Attempt(deployment, result, status, (System.nanoTime() - startNanos) / 1000, usage));
    }

    public synchronized int count() {
        return attempts.size();
    }

    public synchronized List<UsageRecord.Attempt> attempts() {
        return List.copyOf(attempts);
    }
}
