package dev.switchboard.dialect.openai;

import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.dialect.RequestWalk;
import dev.switchboard.error.GatewayException.InvalidRequest;

/**
 * An embeddings request: the model (whose bytes are spliced for the upstream, as for chat) and a
 * check that {@code input} is present and of a type OpenAI accepts. Everything else passes through.
 */
public final class OpenAiEmbeddingsRequest {
    private final byte[] body;
    private final RequestWalk.Walked walked;

    private OpenAiEmbeddingsRequest(byte[] body, RequestWalk.Walked walked) {
        this.body = body;
        this.walked = walked;
    }

    public static OpenAiEmbeddingsRequest parse(byte[] body) {
        boolean[] hasInput = {false};
        RequestWalk.Walked walked = RequestWalk.walk(body, (field, p) -> {
            JsonToken value = p.currentToken();
            switch (field) {
                case "input" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        hasInput[0] = true;
                    } else if (value == JsonToken.START_ARRAY) {
                        hasInput[0] = p.nextToken() != JsonToken.END_ARRAY;
                        while (p.currentToken() != JsonToken.END_ARRAY) {
                            p.skipChildren();
                            p.nextToken();
                        }
                    } else {
                        throw new InvalidRequest("Invalid type for 'input': expected a string or an array.", "input");
                    }
                }
                case "encoding_format" -> {
                    if (value != JsonToken.VALUE_STRING || !(p.getText().equals("float") || p.getText().equals("base64"))) {
                        throw new InvalidRequest("Invalid value for 'encoding_format': expected 'float' or 'base64'.", "encoding_format");
                    }
                }
                case "dimensions" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 1) {
                        throw new InvalidRequest("Invalid 'dimensions': expected a positive integer.", "dimensions");
                    }
                }
                default -> p.skipChildren();
            }
        });
        if (!hasInput[0]) {
            throw new InvalidRequest("Missing required parameter: 'input' (a non-empty string or array).", "input");
        }
        return new OpenAiEmbeddingsRequest(body, walked);
    }

    public String model() {
        return walked.model();
    }

    public byte[] bodyFor(String upstreamModel) {
        return walked.withModel(body, upstreamModel);
    }
}
