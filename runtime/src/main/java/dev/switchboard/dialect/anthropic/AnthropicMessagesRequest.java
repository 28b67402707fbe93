package dev.switchboard.dialect.anthropic;

import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.error.ClientText;
import dev.switchboard.error.GatewayException.InvalidRequest;
import dev.switchboard.dialect.ClientRequest;
import dev.switchboard.dialect.RequestWalk;

/**
 * A Messages API request as the pass-through path needs it: the model (spliced for the upstream),
 * whether it streams, and the checks Anthropic itself makes first, so a bad request is refused
 * before any upstream is called. Requests translated for another upstream are decoded in full by
 * the Anthropic dialect instead.
 */
public final class AnthropicMessagesRequest implements ClientRequest {
    private final byte[] body;
    private final RequestWalk.Walked walked;
    private final boolean stream;
    private final Integer maxTokens;

    private AnthropicMessagesRequest(byte[] body, RequestWalk.Walked walked, boolean stream, Integer maxTokens) {
        this.body = body;
        this.walked = walked;
        this.stream = stream;
        this.maxTokens = maxTokens;
    }

    /**
     * @param requireMaxTokens true for {@code /v1/messages}; token counting takes no {@code max_tokens}
     */
    public static AnthropicMessagesRequest parse(byte[] body, boolean requireMaxTokens) {
        boolean[] seen = new boolean[2];
        boolean[] stream = {false};
        Integer[] maxTokens = {null};
        RequestWalk.Walked walked = RequestWalk.walk(body, (field, p) -> {
            JsonToken value = p.currentToken();
            switch (field) {
                case "messages" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw new InvalidRequest("messages: Input should be a valid list", "messages");
                    }
                    seen[0] = true;
                    p.skipChildren();
                }
                case "max_tokens" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 1) {
                        throw new InvalidRequest("max_tokens: Input should be a positive integer", "max_tokens");
                    }
                    seen[1] = true;
                    maxTokens[0] = (int) Math.min(Integer.MAX_VALUE, p.getLongValue());
                }
                case "stream" -> {
                    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                        throw new InvalidRequest("stream: Input should be a valid boolean", "stream");
                    }
                    stream[0] = value == JsonToken.VALUE_TRUE;
                }
                case "metadata" -> {
                    // metadata.user_id is passed on upstream and kept in opted-in request logs; Anthropic caps it at 256 too.
                    while (value == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME) {
                        boolean userId = p.currentName().equals("user_id");
                        if (p.nextToken() == JsonToken.VALUE_STRING && userId) {
                            ClientText.bounded("metadata.user_id", p.getText(), ClientText.MAX_NAME_CHARS);
                        }
                        p.skipChildren();
                    }
                    p.skipChildren();
                }
                default -> p.skipChildren();
            }
        });
        if (!seen[0]) {
            throw new InvalidRequest("messages: Field required", "messages");
        }
        if (requireMaxTokens && !seen[1]) {
            throw new InvalidRequest("max_tokens: Field required", "max_tokens");
        }
        return new AnthropicMessagesRequest(body, walked, stream[0], maxTokens[0]);
    }

    @Override
    public String model() {
        return walked.model();
    }

    @Override
    public boolean stream() {
        return stream;
    }

    @Override
    public Integer maxTokens() {
        return maxTokens;
    }


    /** The body with the model replaced by the deployment's name for it; everything else as sent. */
    @Override
    public byte[] bodyFor(String upstreamModel) {
        return walked.withModel(body, upstreamModel);
    }
}
