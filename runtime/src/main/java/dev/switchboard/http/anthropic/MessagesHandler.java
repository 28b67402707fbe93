package dev.switchboard.http.anthropic;

import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.dialect.anthropic.AnthropicErrors;
import dev.switchboard.dialect.anthropic.AnthropicUsage;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.GatewayHeaders;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.http.RequestContext;
import dev.switchboard.http.TranslatedCall;
import dev.switchboard.http.UsageRecording;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.UpstreamBodies;
import dev.switchboard.route.Deployment;
import dev.switchboard.route.ModelRouter;
import dev.switchboard.usage.UsageRecord.Outcome;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.math.BigDecimal;
import java.util.Map;

/**
 * {@code POST /v1/messages}, Anthropic's Messages API, for coding agents and the Anthropic SDKs.
 * The stages are those of chat completions: read, parse, route, call, relay, record. When the
 * deployment is an Anthropic provider the body passes through untouched but for the model name,
 * and the client's {@code anthropic-version} and {@code anthropic-beta} go with it; any other
 * upstream is reached through the neutral form, translated both ways.
 */
public final class MessagesHandler implements Handler {
    private static final String ENDPOINT = "messages";

    private final ModelRouter router;
    private final ClientDialect dialect;
    private final TranslatedCall translated;
    private final UsageRecording usage;
    private final long maxBodyBytes;

    public MessagesHandler(ModelRouter router, ClientDialect dialect, TranslatedCall translated,
                           UsageRecording usage, long maxBodyBytes) {
        this.router = router;
        this.dialect = dialect;
        this.translated = translated;
        this.usage = usage;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(Context ctx) {
        RequestContext request = RequestContext.of(ctx);
        AnthropicMessagesRequest messages = null;
        Deployment deployment = null;
        try {
            byte[] body = RequestBodies.read(ctx, maxBodyBytes);
            messages = AnthropicMessagesRequest.parse(body, true);
            deployment = router.route(messages.model());
            Map<String, String> forward = AnthropicHeaders.forwarded(ctx);
            Relayed relayed = deployment.provider().wireFormat() == WireFormat.ANTHROPIC
                    ? passThrough(ctx, request, messages, deployment, forward)
                    : translated.serve(ctx, request, dialect.decodeRequest(body), deployment, dialect, forward);
            usage.record(request, ENDPOINT, messages.model(), deployment, messages.stream(), relayed.outcome(),
                    ctx.res().getStatus(), relayed.usage(), relayed.cost());
        } catch (GatewayException e) {
            usage.record(request, ENDPOINT, messages == null ? null : messages.model(), deployment,
                    messages != null && messages.stream(), Outcome.FAILED, e.status(), null, null);
            throw e;
        }
    }

    private static Relayed passThrough(Context ctx, RequestContext request, AnthropicMessagesRequest messages,
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
            return new Relayed(found.usage() == null ? Outcome.USAGE_MISSING : Outcome.COMPLETED, found.usage(), cost);
        }
    }

    static void requireSuccess(UpstreamResponse upstream) {
        if (upstream.status() < 200 || upstream.status() >= 300) {
            throw AnthropicErrors.fromUpstream(upstream.status(), UpstreamBodies.readError(upstream.body()), upstream.header("retry-after"));
        }
    }
}
