package dev.switchboard.usage;

/**
 * Where usage records go once a request has finished. Called on the request's thread after the
 * last byte was sent, so an implementation must not block for long: durable ledgers queue the
 * record and write it in batches.
 */
@FunctionalInterface
public interface UsageRecorder {
    void record(UsageRecord record);
}
