package dev.switchboard.http;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.Dialects;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.TranslatingRelay;
import dev.switchboard.relay.UpstreamBodies;
import dev.switchboard.route.Deployment;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The call and relay stages for a chat request whose upstream speaks another wire format than its
 * client: encode the neutral request for the upstream, call it, and translate the answer back —
 * whole, or event by event for streams. Errors the upstream returns before answering are decoded
 * from its format and thrown, so the client's error mapper renders them in the client's format.
 */
public final class TranslatedCall {
    private final Dialects dialects;

    public TranslatedCall(Dialects dialects) {
        this.dialects = dialects;
    }

    /**
     * @param forwardHeaders client headers of the upstream's protocol to pass on (Anthropic's version and betas)
     */
    public Relayed serve(Context ctx, RequestContext request, ChatRequest chat, Deployment deployment,
                                         ClientDialect client, Map<String, String> forwardHeaders) {
        UpstreamDialect upstreamDialect = dialects.upstream(deployment.provider().wireFormat());
        byte[] body = upstreamDialect.encodeRequest(chat, deployment.upstreamModel());
        UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), body, chat.stream(), request.id(), forwardHeaders);
        try (UpstreamResponse upstream = deployment.provider().chat(call)) {
            if (upstream.status() < 200 || upstream.status() >= 300) {
                throw upstreamDialect.decodeError(upstream.status(), UpstreamBodies.readError(upstream.body()), upstream.header("retry-after"));
            }
            GatewayHeaders.served(ctx, deployment);
            if (chat.stream()) {
                ClientStream stream = new ClientStream(ctx.res());
                stream.open();
                try {
                    return TranslatingRelay.stream(upstream.body(), upstreamDialect, client, chat, stream, deployment.pricing());
                } catch (ClientStream.ClientGone gone) {
                    // Closing the upstream response (try-with-resources) aborts generation upstream.
                    return Relayed.CLIENT_DISCONNECTED;
                }
            }
            TranslatingRelay.Translated result = TranslatingRelay.complete(upstream.body(), upstreamDialect, client, deployment.pricing());
            GatewayHeaders.cost(ctx, result.relayed().cost());
            ctx.status(200).contentType("application/json").result(result.body());
            return result.relayed();
        }
    }
}
