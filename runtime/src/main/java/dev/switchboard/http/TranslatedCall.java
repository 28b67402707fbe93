package dev.switchboard.http;

import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.chat.StopReason;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.Dialects;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.FirstToken;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.relay.TranslatingRelay;
import dev.switchboard.relay.UpstreamBodies;
import dev.switchboard.route.Deployment;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The call for a chat request whose upstream speaks another wire format than its client: encode
 * the neutral request for the upstream, call it, and translate the answer back — whole, or event
 * by event as the stream is relayed. Errors the upstream returns before answering are decoded
 * from its format and thrown, so the client's error mapper renders them in the client's format.
 * An answer whose upstream does not name its model (Gemini keeps the model in the URL, and
 * {@code modelVersion} is optional) is named after the deployment's model: clients' SDKs require one.
 */
public final class TranslatedCall {
    private final Dialects dialects;

    public TranslatedCall(Dialects dialects) {
        this.dialects = dialects;
    }

    /**
     * Calls the deployment in its own format and gets the answer ready to relay in the client's:
     * whole, translated and priced; or a stream up to its first token, to be translated event by
     * event as it is relayed.
     *
     * @param forwardHeaders client headers of the upstream's protocol to pass on (Anthropic's version and betas)
     * @param control        the attempt's deadline and abort, for the upstream call
     */
    public ReadyAnswer prepare(RequestContext request, ChatRequest chat, Deployment deployment, ClientDialect client,
                               Map<String, String> forwardHeaders, CallControl control) {
        UpstreamDialect upstreamDialect = dialects.upstream(deployment.provider().wireFormat());
        byte[] body = upstreamDialect.encodeRequest(chat, deployment.upstreamModel());
        UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), body, chat.stream(), request.id(), forwardHeaders, control);
        UpstreamResponse upstream = deployment.provider().chat(call);
        try {
            if (upstream.status() < 200 || upstream.status() >= 300) {
                throw upstreamDialect.decodeError(upstream.status(), UpstreamBodies.readError(upstream.body()), upstream.header("retry-after"));
            }
            if (chat.stream()) {
                SseEventReader events = FirstToken.await(upstream.body(), upstreamDialect);
                return new StreamAnswer(upstream, stream ->
                        TranslatingRelay.stream(events, upstreamDialect, client, chat, stream, deployment));
            }
            ChatResult result = upstreamDialect.decodeResponse(UpstreamBodies.readAll(upstream.body())).namedOr(deployment.upstreamModel());
            upstream.close();
            BigDecimal cost = result.usage() == null ? null : deployment.pricing().costOf(result.usage()).orElse(null);
            return new CompleteAnswer(200, client.encodeResponse(result, cost), result.usage(), cost,
                    result.stopReason() == StopReason.CONTENT_FILTER);
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }
}
