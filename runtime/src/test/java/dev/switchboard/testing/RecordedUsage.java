package dev.switchboard.testing;

import dev.switchboard.usage.UsageRecord;
import dev.switchboard.usage.UsageRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps the usage records a test gateway writes, so a test can check what was recorded for its request. */
public final class RecordedUsage implements UsageRecorder {
    private final List<UsageRecord> records = new ArrayList<>();

    @Override
    public synchronized void record(UsageRecord record) {
        records.add(record);
        notifyAll();
    }

    /** The records whose attribution carries {@code tag}, in the order they were written. */
    public synchronized List<UsageRecord> tagged(String tag) {
        return records.stream().filter(r -> tag.equals(r.attribution().tag())).toList();
    }

    /** Every record so far. */
    public synchronized List<UsageRecord> all() {
        return List.copyOf(records);
    }

    /**
     * The record of the request with this id, waiting briefly for it: a stream's record is written
     * after its last byte, which the client may read first.
     */
    public synchronized UsageRecord of(String requestId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            for (UsageRecord r : records) {
                if (r.requestId().equals(requestId)) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no usage record for request " + requestId);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
