package dev.switchboard.http;

import io.javalin.http.Context;
import java.time.Instant;

/**
 * What the gateway knows about a request before any stage runs: its id and when it arrived. It
 * travels in the Javalin context under one typed key, never in a string-keyed bag of fields.
 *
 * @param id           the id sent back in {@code x-request-id} and stamped on every log line
 * @param arrived      wall-clock arrival, for records
 * @param arrivedNanos monotonic arrival, for latency
 */
public record RequestContext(String id, Instant arrived, long arrivedNanos) {
    private static final String KEY = RequestContext.class.getName();

    public static RequestContext begin(Context ctx) {
        RequestContext request = new RequestContext(RequestIds.accept(ctx.header("x-request-id")), Instant.now(), System.nanoTime());
        ctx.attribute(KEY, request);
        return request;
    }

    public static RequestContext of(Context ctx) {
        RequestContext request = ctx.attribute(KEY);
        return request != null ? request : begin(ctx);
    }

    public long elapsedMicros() {
        return (System.nanoTime() - arrivedNanos) / 1000;
    }
}
