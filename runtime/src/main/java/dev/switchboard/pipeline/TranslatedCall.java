package dev.switchboard.pipeline;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.dialect.Dialects;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.FirstToken;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.relay.UpstreamBodies;
import dev.switchboard.deployment.Deployment;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A neutral chat request sent to a deployment in the deployment's own wire format: encode it,
 * call, and read the answer back into the neutral form — whole, or as a stream up to its first
 * token, to be read event by event as it is delivered. Errors the upstream returns before
 * answering are decoded from its format and thrown, so the receiver sees them in its own.
 */
public final class TranslatedCall {
    private final Dialects dialects;

    public TranslatedCall(Dialects dialects) {
        this.dialects = dialects;
    }

    /**
     * @param forwardHeaders client headers of the upstream's protocol to pass on (Anthropic's version and betas)
     * @param control        the attempt's deadline and abort, for the upstream call
     */
    public ReadyAnswer prepare(RequestContext request, ChatRequest chat, Deployment deployment, Map<String, String> forwardHeaders,
                               CallControl control) {
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
                return new ReadyAnswer.NeutralStream(upstream, events, upstreamDialect, deployment);
            }
            ChatResult result = upstreamDialect.decodeResponse(UpstreamBodies.readAll(upstream.body())).namedOr(deployment.upstreamModel());
            upstream.close();
            BigDecimal cost = result.usage() == null ? null : deployment.pricing().costOf(result.usage()).orElse(null);
            return new ReadyAnswer.Neutral(result, cost);
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }
}
