package dev.switchboard.http;

import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.RequestWalk;
import dev.switchboard.error.GatewayException;
import dev.switchboard.pipeline.AutoRoute;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.routing.Router;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * {@code POST /v1/route}: the dry run. Takes the body of a chat completions request, or of a
 * messages request when the client sends Anthropic's {@code anthropic-version} header (as its SDKs
 * always do), and answers with the router's {@link dev.switchboard.routing.Decision} as JSON: task,
 * features, filters applied, ranked candidates with predicted quality, cost, latency and utility.
 * No model is called and nothing is charged or recorded.
 */
public final class RouteHandler implements Handler {
    private final AutoRoute routing;
    private final ClientDialect openAi;
    private final ClientDialect anthropic;
    private final RequestBodies bodies;

    public RouteHandler(AutoRoute routing, ClientDialect openAi, ClientDialect anthropic, RequestBodies bodies) {
        this.routing = routing;
        this.openAi = openAi;
        this.anthropic = anthropic;
        this.bodies = bodies;
    }

    @Override
    public void handle(Context ctx) {
        RequestContext request = Requests.of(ctx);
        byte[] body = bodies.read(ctx);
        String model = RequestWalk.walk(body, (name, p) -> p.skipChildren()).model();
        if (!Router.isAuto(model)) {
            throw new GatewayException.InvalidRequest("The dry run routes 'auto' or 'auto:<profile>'; '" + model
                    + "' names its model, so nothing is routed.", "model");
        }
        ClientDialect dialect = Clients.speaksAnthropic(ctx) ? anthropic : openAi;
        AutoRouting.Prepared routed = AutoRouting.prepare(ctx, body);
        ctx.json(Map.of("object", "route.decision", "decision",
                routing.decide(dialect.decodeRequest(routed.body()), model, routed.hints(), request.caller())));
    }
}
