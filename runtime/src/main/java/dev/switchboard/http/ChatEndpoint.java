package dev.switchboard.http;

import dev.switchboard.error.GatewayException;
import dev.switchboard.relay.Relayed;
import dev.switchboard.route.Deployment;
import dev.switchboard.route.ModelRouter;
import dev.switchboard.usage.UsageRecord.Outcome;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * A chat endpoint ({@code POST /v1/chat/completions}, {@code POST /v1/messages}). The stages run
 * in this order, each able to end the request with a {@link GatewayException} that the error
 * mapper renders in the client's format (the gateway-key check ran before, as a filter on
 * {@code /v1/*}):
 * <ol>
 *   <li><b>read</b> the body within the size limit (413);</li>
 *   <li><b>parse</b> and validate the fields the gateway acts on (400);</li>
 *   <li><b>route</b> the model name to a deployment (404);</li>
 *   <li><b>call</b> the provider — with the body as sent, model rewritten, when it speaks the
 *       client's format; else through the neutral form, translated both ways;</li>
 *   <li><b>relay</b> its answer, streamed or whole, adding the cost;</li>
 *   <li><b>record</b> usage, whatever the outcome.</li>
 * </ol>
 *
 * @param <P> the client format's parsed request
 */
public final class ChatEndpoint<P extends ClientFormat.Parsed> implements Handler {
    private final ClientFormat<P> format;
    private final ModelRouter router;
    private final TranslatedCall translated;
    private final UsageRecording usage;
    private final long maxBodyBytes;

    public ChatEndpoint(ClientFormat<P> format, ModelRouter router, TranslatedCall translated,
                        UsageRecording usage, long maxBodyBytes) {
        this.format = format;
        this.router = router;
        this.translated = translated;
        this.usage = usage;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(Context ctx) {
        RequestContext request = RequestContext.of(ctx);
        P parsed = null;
        Deployment deployment = null;
        try {
            byte[] body = RequestBodies.read(ctx, maxBodyBytes);
            parsed = format.parse(body);
            deployment = router.route(parsed.model());
            Map<String, String> forward = format.forwardedHeaders(ctx);
            Relayed relayed = deployment.provider().wireFormat() == format.format()
                    ? format.passThrough(ctx, request, parsed, deployment, forward)
                    : translated.serve(ctx, request, format.dialect().decodeRequest(body), deployment, format.dialect(), forward);
            usage.record(request, format.endpoint(), parsed.model(), deployment, parsed.stream(), relayed.outcome(),
                    ctx.res().getStatus(), relayed.usage(), relayed.cost());
        } catch (GatewayException e) {
            usage.record(request, format.endpoint(), parsed == null ? null : parsed.model(), deployment,
                    parsed != null && parsed.stream(), Outcome.FAILED, e.status(), null, null);
            throw e;
        }
    }
}
