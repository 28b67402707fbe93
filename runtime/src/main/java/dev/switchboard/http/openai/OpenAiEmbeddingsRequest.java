package dev.switchboard.http.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.error.GatewayException.InvalidRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An embeddings request: the model (whose bytes are spliced for the upstream, as for chat) and a
 * check that {@code input} is present and of a type OpenAI accepts. Everything else passes through.
 */
public final class OpenAiEmbeddingsRequest {
    private static final JsonFactory JSON = new JsonFactory();

    private final byte[] body;
    private final String model;
    private final int modelStart;
    private final int modelEnd;

    private OpenAiEmbeddingsRequest(byte[] body, String model, int modelStart, int modelEnd) {
        this.body = body;
        this.model = model;
        this.modelStart = modelStart;
        this.modelEnd = modelEnd;
    }

    public static OpenAiEmbeddingsRequest parse(byte[] body) {
        String model = null;
        int modelStart = -1;
        int modelEnd = -1;
        boolean hasInput = false;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRequest("We could not parse the JSON body of your request: expected a JSON object.");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "model" -> {
                        if (value != JsonToken.VALUE_STRING || p.getText().isBlank()) {
                            throw new InvalidRequest("Invalid type for 'model': expected a non-empty string.", "model");
                        }
                        model = p.getText();
                        modelStart = (int) p.currentTokenLocation().getByteOffset();
                        modelEnd = (int) p.currentLocation().getByteOffset();
                    }
                    case "input" -> {
                        if (value == JsonToken.START_ARRAY) {
                            hasInput = p.nextToken() != JsonToken.END_ARRAY;
                            if (hasInput) {
                                p.skipChildren();
                                while (p.nextToken() != JsonToken.END_ARRAY) {
                                    p.skipChildren();
                                }
                            }
                        } else if (value == JsonToken.VALUE_STRING) {
                            hasInput = true;
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
            }
            if (p.nextToken() != null) {
                throw new InvalidRequest("We could not parse the JSON body of your request: unexpected content after the JSON object.");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("We could not parse the JSON body of your request: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").");
        } catch (IOException e) {
            throw new InvalidRequest("We could not read the body of your request.");
        }
        if (model == null) {
            throw new InvalidRequest("you must provide a model parameter", "model");
        }
        if (!hasInput) {
            throw new InvalidRequest("Missing required parameter: 'input' (a non-empty string or array).", "input");
        }
        return new OpenAiEmbeddingsRequest(body, model, modelStart, modelEnd);
    }

    public String model() {
        return model;
    }

    public byte[] bodyFor(String upstreamModel) {
        if (upstreamModel.equals(model)) {
            return body;
        }
        JsonSplice splice = new JsonSplice(body);
        splice.replace(modelStart, modelEnd, ("\"" + upstreamModel.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").getBytes(StandardCharsets.UTF_8));
        return splice.finish();
    }
}
