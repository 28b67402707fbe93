package dev.switchboard.http;

import dev.switchboard.route.Deployment;
import io.javalin.http.Context;
import java.math.BigDecimal;

/** The response headers with which the gateway explains an answer, whatever the client's dialect. */
public final class GatewayHeaders {
    public static final String REQUEST_ID = "x-request-id";
    public static final String PROVIDER = "x-switchboard-provider";
    public static final String MODEL = "x-switchboard-model";
    public static final String COST = "x-switchboard-cost-usd";

    private GatewayHeaders() {
    }

    /** Names the provider and upstream model that served the answer. */
    public static void served(Context ctx, Deployment deployment) {
        ctx.header(PROVIDER, deployment.provider().name());
        ctx.header(MODEL, deployment.upstreamModel());
    }

    /** The answer's cost, when known (complete answers only: a stream's head leaves before its usage). */
    public static void cost(Context ctx, BigDecimal cost) {
        if (cost != null) {
            ctx.header(COST, cost.toPlainString());
        }
    }
}
