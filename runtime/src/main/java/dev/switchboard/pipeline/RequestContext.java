package dev.switchboard.pipeline;

import dev.switchboard.auth.Caller;
import dev.switchboard.error.ClientText;
import java.time.Instant;

/**
 * Who made a model call and when, whatever it came through: an HTTP request (the HTTP layer makes
 * one per request, before its endpoint runs) or a caller inside the gateway, such as a workflow
 * step. It travels through the stages as one typed record, never a string-keyed bag of fields.
 *
 * @param id           the id sent back in {@code x-request-id}, stamped on every log line and the ledger's key
 * @param arrived      wall-clock arrival, for records
 * @param arrivedNanos monotonic arrival, for latency and the deadline
 * @param caller       who sent it; {@link Caller#UNGOVERNED} until the key check has run
 * @param tag          the caller's tag for it (HTTP's {@code x-switchboard-tag}, e.g. a workflow run id), kept in
 *                     the ledger; null for none; at most {@value #MAX_TAG_CHARS} characters where usage is recorded
 *                     ({@link #requireBoundedTag})
 */
public record RequestContext(String id, Instant arrived, long arrivedNanos, Caller caller, String tag) {
    /** The tag's ledger column: long enough for a run id or a ticket reference, not a payload. */
    public static final int MAX_TAG_CHARS = 200;

    /** A call arriving now with the given id. */
    public static RequestContext arriving(String id, Caller caller, String tag) {
        return new RequestContext(id, Instant.now(), System.nanoTime(), caller, tag);
    }

    /** A call made inside the gateway (a workflow step, a sampling request), with a fresh id. */
    public static RequestContext inProcess(Caller caller, String tag) {
        return arriving(RequestIds.generate(), caller, tag);
    }

    /**
     * Refuses a tag longer than its ledger column rather than cutting it: a cut tag would
     * attribute the call to another run.
     *
     * @throws dev.switchboard.error.GatewayException.InvalidRequest naming {@code field} and its limit
     */
    public void requireBoundedTag(String field) {
        ClientText.bounded(field, tag, MAX_TAG_CHARS);
    }

    public RequestContext withCaller(Caller caller) {
        return new RequestContext(id, arrived, arrivedNanos, caller, tag);
    }

    public long elapsedMicros() {
        return (System.nanoTime() - arrivedNanos) / 1000;
    }
}
