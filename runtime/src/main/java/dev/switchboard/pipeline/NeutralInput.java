package dev.switchboard.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.CallControl;
import dev.switchboard.deployment.Deployment;
import java.util.Map;

/**
 * An in-process caller's chat request, already neutral. Its size for rate limits and budgets is
 * that of its JSON form, which, like a client's body, is at least one byte per prompt token.
 */
final class NeutralInput implements ChatInput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatRequest request;
    private byte[] json;

    NeutralInput(ChatRequest request) {
        this.request = request;
    }

    @Override
    public String model() {
        return request.model();
    }

    @Override
    public boolean stream() {
        return request.stream();
    }

    @Override
    public Integer maxTokens() {
        return request.maxTokens();
    }

    @Override
    public int choices() {
        return 1;
    }

    @Override
    public long promptBytes() {
        return logged().length;
    }

    @Override
    public ChatRequest neutral() {
        return request;
    }

    @Override
    public Map<String, String> forwardedHeaders() {
        return Map.of();
    }

    @Override
    public WireFormat ownFormat() {
        return null;
    }

    @Override
    public ReadyAnswer passThrough(RequestContext context, Deployment deployment, CallControl control) {
        throw new IllegalStateException("an in-process request has no wire format of its own; it is always translated");
    }

    @Override
    public byte[] logged() {
        if (json == null) {
            try {
                json = JSON.writeValueAsBytes(request);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a chat request that cannot be written as JSON", e);
            }
        }
        return json;
    }
}
