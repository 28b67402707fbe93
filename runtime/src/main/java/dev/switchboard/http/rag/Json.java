package dev.switchboard.http.rag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.error.GatewayException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reading the vector store API's JSON bodies and writing its answers, with OpenAI's refusals for bad fields. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The body as an object whose fields are all in {@code allowed}; an empty body is an empty object. */
    static ObjectNode object(byte[] body, Set<String> allowed) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new GatewayException.InvalidRequest("The request body is not valid JSON.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new GatewayException.InvalidRequest("The request body must be a JSON object.");
        }
        object.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw new GatewayException.InvalidRequest("Unknown parameter: '" + field + "'.", field);
            }
        });
        return object;
    }

    /** A string field, or null when absent or null. */
    static String string(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new GatewayException.InvalidRequest("Invalid type for '" + field + "': expected a string.", field);
        }
        return value.asText();
    }

    /** A string-to-string map (metadata, attributes); numbers and booleans are kept as their text. */
    static Map<String, String> map(JsonNode body, String field, int maxEntries) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new GatewayException.InvalidRequest("Invalid type for '" + field + "': expected an object.", field);
        }
        if (value.size() > maxEntries) {
            throw new GatewayException.InvalidRequest("'" + field + "' may have at most " + maxEntries + " entries.", field);
        }
        Map<String, String> out = new LinkedHashMap<>();
        value.properties().forEach(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new GatewayException.InvalidRequest("Invalid value for '" + field + "." + e.getKey()
                        + "': expected a string, number or boolean.", field);
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    static void respond(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }
}
