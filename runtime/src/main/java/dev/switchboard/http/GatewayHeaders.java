package dev.switchboard.http;

import dev.switchboard.route.Deployment;
import io.javalin.http.Context;
import java.math.BigDecimal;

/** The response headers with which the gateway explains an answer, whatever the client's dialect. */
public final class GatewayHeaders {
    public static final String REQUEST_ID = "x-request-id";
    /** Where Anthropic's SDKs read a response's request id ({@code requestId()}, {@code _request_id}). */
    public static final String ANTHROPIC_REQUEST_ID = "request-id";
    public static final String PROVIDER = "x-switchboard-provider";
    public static final String MODEL = "x-switchboard-model";
    public static final String COST = "x-switchboard-cost-usd";
    public static final String DEPLOYMENT = "x-switchboard-deployment";
    public static final String ATTEMPTS = "x-switchboard-attempts";

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

    /** Names the deployment that served the answer, and how many upstream attempts it took to get it. */
    public static void served(Context ctx, Deployment deployment, int attempts) {
        ctx.header(PROVIDER, deployment.provider().name());
        ctx.header(MODEL, deployment.upstreamModel());
        ctx.header(DEPLOYMENT, deployment.id());
        attempts(ctx, attempts);
    }

    /** How many upstream attempts the request made; on errors too, so a caller sees what was tried. */
    public static void attempts(Context ctx, int attempts) {
        if (attempts > 0) {
            ctx.header(ATTEMPTS, Integer.toString(attempts));
        }
    }

    /** The answer's cost, when known (complete answers only: a stream's head leaves before its usage). */
    public static void cost(Context ctx, BigDecimal cost) {
        if (cost != null) {
            ctx.header(COST, cost.toPlainString());
        }
    }
}
