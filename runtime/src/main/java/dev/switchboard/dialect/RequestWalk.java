package dev.switchboard.dialect;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.error.ClientText;
import dev.switchboard.error.GatewayException.InvalidRequest;
import dev.switchboard.json.StrictJson;
import java.io.IOException;

/**
 * One streaming pass over the top-level fields of a request body, shared by every endpoint of
 * every client dialect: it checks the body is a single JSON object, reads {@code model} (at most
 * {@link ClientText#MAX_NAME_CHARS} characters) and records where its value sits (so it can be
 * spliced later), and hands every other field to the endpoint's visitor, which must consume the
 * field's value. Malformed JSON becomes a 400 with its position, and so does JSON beyond the
 * parser's limits ({@code StreamReadConstraints}: nested more than 1,000 levels deep, for one),
 * which the parser reports without a position.
 */
public final class RequestWalk {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks or skips one field's value; the parser stands on the value's first token. */
    @FunctionalInterface
    public interface FieldVisitor {
        void field(String name, JsonParser p) throws IOException;
    }

    /**
     * @param model       the requested model name
     * @param modelStart  offset of the model value's opening quote
     * @param modelEnd    offset just past its closing quote
     * @param objectStart offset of the body's opening brace
     */
    public record Walked(String model, int modelStart, int modelEnd, int objectStart) {
        /** {@code body} with only the model value replaced by {@code upstreamModel}; {@code body} itself when they are equal. */
        public byte[] withModel(byte[] body, String upstreamModel) {
            if (upstreamModel.equals(model)) {
                return body;
            }
            JsonSplice splice = new JsonSplice(body);
            replaceModel(splice, upstreamModel);
            return splice.finish();
        }

        /** Queues on {@code splice} the replacement of the model value by {@code upstreamModel}. */
        public void replaceModel(JsonSplice splice, String upstreamModel) {
            splice.replace(modelStart, modelEnd, quote(upstreamModel));
        }
    }

    private RequestWalk() {
    }

    public static Walked walk(byte[] body, FieldVisitor visitor) {
        String model = null;
        int modelStart = -1;
        int modelEnd = -1;
        int objectStart;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRequest("We could not parse the JSON body of your request: expected a JSON object.");
            }
            objectStart = (int) p.currentTokenLocation().getByteOffset();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("model")) {
                    if (value != JsonToken.VALUE_STRING || p.getText().isBlank()) {
                        throw new InvalidRequest("Invalid type for 'model': expected a non-empty string.", "model");
                    }
                    // Logged, kept in the usage ledger and quoted in a 404: a name, not a payload.
                    model = ClientText.bounded("model", p.getText(), ClientText.MAX_NAME_CHARS);
                    modelStart = (int) p.currentTokenLocation().getByteOffset();
                    modelEnd = (int) p.currentLocation().getByteOffset();
                } else {
                    visitor.field(field, p);
                }
            }
            if (!StrictJson.atEnd(p)) {
                throw new InvalidRequest("We could not parse the JSON body of your request: unexpected content after the JSON object.");
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new InvalidRequest("We could not read the body of your request.");
        }
        if (model == null) {
            throw new InvalidRequest("you must provide a model parameter", "model");
        }
        return new Walked(model, modelStart, modelEnd, objectStart);
    }

    /** The 400 for a request body the JSON parser refused: its reason and, when the parser knows it, where. */
    public static InvalidRequest malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        // A broken parser limit (nesting depth, the length of a string or number) comes without a location.
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        // Jackson names the setting behind a limit ("from `StreamReadConstraints...`"): a client cannot change it.
        String reason = e.getOriginalMessage().replaceAll(", from `[^`]*`", "");
        return new InvalidRequest("We could not parse the JSON body of your request: " + reason + where + ".");
    }

    public static byte[] quote(String text) {
        try {
            return JSON.writeValueAsBytes(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
