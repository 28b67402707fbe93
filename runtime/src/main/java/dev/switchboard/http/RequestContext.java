package dev.switchboard.http;

import dev.switchboard.auth.Caller;
import dev.switchboard.error.ClientText;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * What the gateway knows about a request before its endpoint runs: its id, when it arrived, who
 * sent it and the caller's tag for it. It travels in the Javalin context under one typed key,
 * never in a string-keyed bag of fields.
 *
 * @param id           the id sent back in {@code x-request-id} and stamped on every log line
 * @param arrived      wall-clock arrival, for records
 * @param arrivedNanos monotonic arrival, for latency
 * @param caller       who sent it; {@link Caller#UNGOVERNED} until the key check has run
 * @param tag          the caller's {@code x-switchboard-tag} (e.g. a workflow run id), kept in the ledger; null for none;
 *                     at most 200 characters on the endpoints that record usage ({@link #requireBoundedTag})
 */
public record RequestContext(String id, Instant arrived, long arrivedNanos, Caller caller, String tag) {
    private static final String KEY = RequestContext.class.getName();
    private static final String TAG_HEADER = "x-switchboard-tag";
    // A ledger column, not a payload: long enough for a run id or a ticket reference.
    private static final int MAX_TAG_CHARS = 200;

    public static RequestContext begin(Context ctx) {
        String tag = ctx.header(TAG_HEADER);
        if (tag != null) {
            tag = tag.strip();
            tag = tag.isEmpty() ? null : tag;
        }
        RequestContext request = new RequestContext(RequestIds.accept(ctx.header("x-request-id")), Instant.now(),
                System.nanoTime(), Caller.UNGOVERNED, tag);
        ctx.attribute(KEY, request);
        return request;
    }

    /**
     * A filter for the endpoints that record usage: a tag longer than its ledger column is refused
     * rather than cut, since a cut tag would attribute the request to another run.
     *
     * @throws dev.switchboard.error.GatewayException.InvalidRequest naming the header and its limit
     */
    public static void requireBoundedTag(Context ctx) {
        ClientText.bounded(TAG_HEADER, of(ctx).tag(), MAX_TAG_CHARS);
    }

    public static RequestContext of(Context ctx) {
        RequestContext request = ctx.attribute(KEY);
        return request != null ? request : begin(ctx);
    }

    /** Records who the key check found the caller to be, for the stages after it. */
    public static RequestContext authenticated(Context ctx, Caller caller) {
        RequestContext request = of(ctx).withCaller(caller);
        ctx.attribute(KEY, request);
        return request;
    }

    public RequestContext withCaller(Caller caller) {
        return new RequestContext(id, arrived, arrivedNanos, caller, tag);
    }

    public long elapsedMicros() {
        return (System.nanoTime() - arrivedNanos) / 1000;
    }
}
