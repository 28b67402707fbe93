package dev.switchboard.http.anthropic;

import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.anthropic.AnthropicErrors;
import dev.switchboard.dialect.anthropic.AnthropicUsage;
import dev.switchboard.http.ClientFormat;
import dev.switchboard.http.GatewayHeaders;
import dev.switchboard.http.RequestContext;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.UpstreamBodies;
import dev.switchboard.route.Deployment;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}, for coding agents and the Anthropic SDKs) as
 * a {@link ClientFormat}. When the deployment is an Anthropic provider the body passes through
 * untouched but for the model name, and the client's {@code anthropic-version} and
 * {@code anthropic-beta} go with it; the answer is relayed as sent, priced in its usage.
 */
public final class AnthropicMessagesFormat implements ClientFormat<AnthropicMessagesRequest> {
    private final ClientDialect dialect;

    public AnthropicMessagesFormat(ClientDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public String endpoint() {
        return "messages";
    }

    @Override
    public ClientDialect dialect() {
        return dialect;
    }

    @Override
    public AnthropicMessagesRequest parse(byte[] body) {
        return AnthropicMessagesRequest.parse(body, true);
    }

    @Override
    public Map<String, String> forwardedHeaders(Context ctx) {
        return AnthropicHeaders.forwarded(ctx);
    }

    @Override
    public Relayed passThrough(Context ctx, RequestContext request, AnthropicMessagesRequest messages,
                               Deployment deployment, Map<String, String> forward) {
        UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), messages.bodyFor(deployment.upstreamModel()),
                messages.stream(), request.id(), forward);
        try (UpstreamResponse upstream = deployment.provider().chat(call)) {
            requireSuccess(upstream);
            GatewayHeaders.served(ctx, deployment);
            boolean eventStream = upstream.header("content-type").map(t -> t.startsWith("text/event-stream")).orElse(false);
            if (messages.stream() && eventStream) {
                ClientStream client = new ClientStream(ctx.res());
                client.open();
                try {
                    return AnthropicStreamRelay.relay(upstream.body(), client, deployment.pricing());
                } catch (ClientStream.ClientGone gone) {
                    // Closing the upstream response (try-with-resources) aborts generation upstream.
                    return Relayed.CLIENT_DISCONNECTED;
                }
            }
            byte[] body = UpstreamBodies.readAll(upstream.body());
            AnthropicUsage.Found found = AnthropicUsage.scan(body);
            BigDecimal cost = found.usage() == null ? null : deployment.pricing().costOf(found.usage()).orElse(null);
            if (cost != null) {
                body = AnthropicUsage.withCost(body, found, cost);
                GatewayHeaders.cost(ctx, cost);
            }
            ctx.status(upstream.status()).contentType("application/json").result(body);
            return Relayed.finished(found.usage(), cost);
        }
    }

    static void requireSuccess(UpstreamResponse upstream) {
        if (upstream.status() < 200 || upstream.status() >= 300) {
            throw AnthropicErrors.fromUpstream(upstream.status(), UpstreamBodies.readError(upstream.body()), upstream.header("retry-after"));
        }
    }
}
