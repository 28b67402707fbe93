package dev.switchboard.http.openai;

import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.WireFormat;
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
import dev.switchboard.route.Deployment;
import dev.switchboard.route.ModelRouter;
import dev.switchboard.usage.UsageRecord.Outcome;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions}. The stages run in this order, each able to end the request
 * with a {@link GatewayException} that the OpenAI error mapper renders (the gateway-key check ran
 * before, as a filter on {@code /v1/*}):
 * <ol>
 *   <li><b>read</b> the body within the size limit (413);</li>
 *   <li><b>parse</b> and validate the fields the gateway acts on (400);</li>
 *   <li><b>route</b> the model name to a deployment (404);</li>
 *   <li><b>call</b> the provider — with the body as sent, model rewritten, when it speaks OpenAI's
 *       format; else through the neutral form, translated both ways;</li>
 *   <li><b>relay</b> its answer, streamed or whole, adding the cost;</li>
 *   <li><b>record</b> usage, whatever the outcome.</li>
 * </ol>
 */
public final class ChatCompletionsHandler implements Handler {
    private static final String ENDPOINT = "chat.completions";

    private final ModelRouter router;
    private final ClientDialect dialect;
    private final TranslatedCall translated;
    private final UsageRecording usage;
    private final long maxBodyBytes;

    public ChatCompletionsHandler(ModelRouter router, ClientDialect dialect, TranslatedCall translated,
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
        OpenAiChatRequest chat = null;
        Deployment deployment = null;
        try {
            byte[] body = RequestBodies.read(ctx, maxBodyBytes);
            chat = OpenAiChatRequest.parse(body);
            deployment = router.route(chat.model());
            Relayed relayed = deployment.provider().wireFormat() == WireFormat.OPENAI
                    ? passThrough(ctx, request, chat, deployment)
                    : translated.serve(ctx, request, dialect.decodeRequest(body), deployment, dialect, Map.of());
            usage.record(request, ENDPOINT, chat.model(), deployment, chat.stream(), relayed.outcome(),
                    ctx.res().getStatus(), relayed.usage(), relayed.cost());
        } catch (GatewayException e) {
            usage.record(request, ENDPOINT, chat == null ? null : chat.model(), deployment, chat != null && chat.stream(),
                    Outcome.FAILED, e.status(), null, null);
            throw e;
        }
    }

    private static Relayed passThrough(Context ctx, RequestContext request, OpenAiChatRequest chat, Deployment deployment) {
        UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), chat.bodyFor(deployment.upstreamModel()), chat.stream(), request.id());
        try (UpstreamResponse upstream = deployment.provider().chat(call)) {
            OpenAiCompletionRelay.requireSuccess(upstream);
            GatewayHeaders.served(ctx, deployment);
            if (!chat.stream() || !isEventStream(upstream)) {
                return OpenAiCompletionRelay.relay(upstream, ctx, deployment.pricing());
            }
            ClientStream client = new ClientStream(ctx.res());
            client.open();
            try {
                return OpenAiStreamRelay.relay(upstream.body(), client, chat.clientWantsUsage(), deployment.pricing());
            } catch (ClientStream.ClientGone gone) {
                // Closing the upstream response (try-with-resources) aborts generation upstream.
                return Relayed.CLIENT_DISCONNECTED;
            }
        }
    }

    private static boolean isEventStream(UpstreamResponse upstream) {
        return upstream.header("content-type").map(t -> t.startsWith("text/event-stream")).orElse(false);
    }
}
