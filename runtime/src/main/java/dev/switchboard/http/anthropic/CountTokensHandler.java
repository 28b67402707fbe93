package dev.switchboard.http.anthropic;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.TokenEstimator;
import dev.switchboard.dialect.anthropic.AnthropicDialect;
import dev.switchboard.dialect.Dialects;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.GatewayHeaders;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.http.RequestContext;
import dev.switchboard.json.StrictJson;
import dev.switchboard.provider.TokenCountingProvider;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.UpstreamBodies;
import dev.switchboard.route.Deployment;
import dev.switchboard.route.ModelRouter;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /v1/messages/count_tokens}: how many input tokens a Messages request would use on
 * the model it names. Anthropic and Gemini upstreams count for themselves (their answer is exact);
 * for other upstreams the gateway counts locally and says so in {@code x-switchboard-token-count:
 * estimated}. Counting costs nothing, so nothing is recorded in the usage ledger.
 */
public final class CountTokensHandler implements Handler {
    static final String COUNT_HEADER = "x-switchboard-token-count";

    private final ModelRouter router;
    private final AnthropicDialect dialect;
    private final Dialects dialects;
    private final TokenEstimator estimator;
    private final RequestBodies bodies;

    public CountTokensHandler(ModelRouter router, AnthropicDialect dialect, Dialects dialects, TokenEstimator estimator, RequestBodies bodies) {
        this.router = router;
        this.dialect = dialect;
        this.dialects = dialects;
        this.estimator = estimator;
        this.bodies = bodies;
    }

    @Override
    public void handle(Context ctx) throws IOException {
        RequestContext request = RequestContext.of(ctx);
        byte[] body = bodies.read(ctx);
        AnthropicMessagesRequest messages = AnthropicMessagesRequest.parse(body, false);
        // Counting costs nothing, so no limit or budget applies; the model rules still do.
        request.caller().requireMayCall(messages.model());
        request.caller().requireMayCall(router.resolveName(messages.model()));
        Deployment deployment = router.route(messages.model());
        if (deployment.provider() instanceof TokenCountingProvider counter && counter.wireFormat() == WireFormat.ANTHROPIC) {
            UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), messages.bodyFor(deployment.upstreamModel()), false,
                    request.id(), AnthropicHeaders.forwarded(ctx), CallControl.unlimited());
            try (UpstreamResponse upstream = counter.countTokens(call)) {
                AnthropicMessagesFormat.requireSuccess(upstream);
                reply(ctx, deployment, count(upstream, "input_tokens"), "exact");
            }
            return;
        }
        ChatRequest chat = dialect.decodeCountTokensRequest(body);
        if (deployment.provider() instanceof TokenCountingProvider counter && counter.wireFormat() == WireFormat.GEMINI) {
            byte[] geminiBody = dialects.upstream(WireFormat.GEMINI).encodeRequest(chat, deployment.upstreamModel());
            try (UpstreamResponse upstream = counter.countTokens(new UpstreamCall(deployment.upstreamModel(), geminiBody, false, request.id()))) {
                if (upstream.status() < 200 || upstream.status() >= 300) {
                    throw dialects.upstream(WireFormat.GEMINI).decodeError(upstream.status(), UpstreamBodies.readError(upstream.body()), upstream.header("retry-after"));
                }
                reply(ctx, deployment, count(upstream, "totalTokens"), "exact");
            }
            return;
        }
        reply(ctx, deployment, estimator.inputTokens(chat), "estimated");
    }

    /** The count the upstream answered; a missing count is 0 (Google's JSON leaves zero values out). */
    private static int count(UpstreamResponse upstream, String field) {
        try {
            return StrictJson.readTree(UpstreamBodies.readAll(upstream.body())).path(field).asInt();
        } catch (IOException notJson) {
            throw new GatewayException.UpstreamUnavailable("The upstream's token count is not JSON.");
        }
    }

    private static void reply(Context ctx, Deployment deployment, int inputTokens, String how) {
        GatewayHeaders.served(ctx, deployment, how.equals("exact") ? 1 : 0);
        ctx.header(COUNT_HEADER, how);
        ctx.json(Map.of("input_tokens", inputTokens));
    }
}
