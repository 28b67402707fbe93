package dev.switchboard.http;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.dialect.ClientRequest;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.pipeline.ChatInput;
import dev.switchboard.pipeline.PassThrough;
import dev.switchboard.pipeline.ReadyAnswer;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.UpstreamCall;
import java.util.Map;

/**
 * A chat request as an HTTP client sent it, in its format: its light parse for the stages, its
 * bytes for a deployment of the same format, and the neutral form decoded from them at most once,
 * and only if some attempt goes to a deployment of another format.
 */
final class ClientChatInput<P extends ClientRequest> implements ChatInput {
    private final ClientFormat<P> format;
    private final P parsed;
    private final byte[] body;
    private final Map<String, String> forwarded;
    // Decoded on first use; hedged attempts may ask from two threads at once.
    private ChatRequest neutral;

    ClientChatInput(ClientFormat<P> format, P parsed, byte[] body, Map<String, String> forwarded) {
        this.format = format;
        this.parsed = parsed;
        this.body = body;
        this.forwarded = forwarded;
    }

    @Override
    public String model() {
        return parsed.model();
    }

    @Override
    public boolean stream() {
        return parsed.stream();
    }

    @Override
    public Integer maxTokens() {
        return parsed.maxTokens();
    }

    @Override
    public int choices() {
        return parsed.choices();
    }

    @Override
    public long promptBytes() {
        return body.length;
    }

    @Override
    public synchronized ChatRequest neutral() {
        if (neutral == null) {
            neutral = format.dialect().decodeRequest(body);
        }
        return neutral;
    }

    @Override
    public Map<String, String> forwardedHeaders() {
        return forwarded;
    }

    @Override
    public WireFormat ownFormat() {
        return format.format();
    }

    @Override
    public ReadyAnswer passThrough(RequestContext request, Deployment deployment, CallControl control) {
        UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), parsed.bodyFor(deployment.upstreamModel()), parsed.stream(),
                request.id(), forwarded, control);
        return PassThrough.call(call, deployment.provider()::chat, format.sameFormat(), deployment.pricing(), format::read,
                (events, client, pricing) -> format.relay(events, client, parsed, pricing));
    }

    @Override
    public byte[] logged() {
        return body;
    }
}
