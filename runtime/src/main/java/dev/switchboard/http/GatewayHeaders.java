package dev.switchboard.http;

import io.javalin.http.Context;
import java.math.BigDecimal;

/**
 * The response headers only HTTP has: the request id on every response, and the cost of a whole
 * answer; the pipeline's own headers ({@link dev.switchboard.pipeline.AnswerHeaders}) come through its delivery.
 */
public final class GatewayHeaders {
    public static final String REQUEST_ID = "x-request-id";
    /** Where Anthropic's SDKs read a response's request id ({@code requestId()}, {@code _request_id}). */
    public static final String ANTHROPIC_REQUEST_ID = "request-id";
    public static final String COST = "x-switchboard-cost-usd";

    private GatewayHeaders() {
    }

    /**
     * The request's id, on every response: in {@code x-request-id}, and for Anthropic clients also
     * in {@code request-id}, the header their SDKs read, so the id they report is the gateway's.
     */
    public static void requestId(Context ctx, String id) {
        ctx.header(REQUEST_ID, id);
        if (Clients.speaksAnthropic(ctx)) {
            ctx.header(ANTHROPIC_REQUEST_ID, id);
        }
    }

    /** The answer's cost, when known (complete answers only: a stream's head leaves before its usage). */
    public static void cost(Context ctx, BigDecimal cost) {
        if (cost != null) {
            ctx.header(COST, cost.toPlainString());
        }
    }
}
