package dev.switchboard.http;

import dev.switchboard.auth.Caller;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.pipeline.RequestIds;
import io.javalin.http.Context;

/**
 * The {@link RequestContext} of an HTTP request: made when the request arrives, from its
 * {@code x-request-id} and {@code x-switchboard-tag}, and kept in the Javalin context under one
 * typed key for the filters and endpoint that run after.
 */
public final class Requests {
    private static final String KEY = RequestContext.class.getName();
    private static final String TAG_HEADER = "x-switchboard-tag";

    private Requests() {
    }

    public static RequestContext begin(Context ctx) {
        String tag = ctx.header(TAG_HEADER);
        if (tag != null) {
            tag = tag.strip();
            tag = tag.isEmpty() ? null : tag;
        }
        RequestContext request = RequestContext.arriving(RequestIds.accept(ctx.header("x-request-id")), Caller.UNGOVERNED, tag);
        ctx.attribute(KEY, request);
        return request;
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

    /**
     * A filter for the endpoints that record usage: a tag longer than its ledger column is a 400.
     *
     * @throws dev.switchboard.error.GatewayException.InvalidRequest naming the header and its limit
     */
    public static void requireBoundedTag(Context ctx) {
        of(ctx).requireBoundedTag(TAG_HEADER);
    }
}
