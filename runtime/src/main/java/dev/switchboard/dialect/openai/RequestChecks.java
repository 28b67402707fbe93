package dev.switchboard.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.error.ClientText;
import dev.switchboard.error.GatewayException.InvalidRequest;
import java.util.Map;
import java.util.Set;

/**
 * Reading a request tree field by field, and the 400s that raises, worded like OpenAI's own API
 * (and the pass-through parser) so a client sees the same message whichever provider serves the
 * model. Every error names the offending field, by its path, as its {@code param}.
 */
final class RequestChecks {
    private static final String NOT_OPENAI = " is not supported when the model is served by a non-OpenAI provider.";

    private RequestChecks() {
    }

    /** A field OpenAI accepts but the neutral model (and so the other vendors) cannot express. */
    static InvalidRequest unsupported(String param) {
        return new InvalidRequest("'" + param + "'" + NOT_OPENAI, param);
    }

    /** Like {@link #unsupported} for a value of a field, e.g. a content part type. */
    static InvalidRequest unsupportedValue(String param, String value) {
        return new InvalidRequest("'" + param + "' value '" + ClientText.quoted(value) + "'" + NOT_OPENAI, param);
    }

    static InvalidRequest invalidType(String param, String expected) {
        return new InvalidRequest("Invalid type for '" + param + "': expected " + expected + ".", param);
    }

    /** @param supported the allowed values, already quoted and joined for the message */
    static InvalidRequest invalidValue(String param, String value, String supported) {
        return new InvalidRequest("Invalid value for '" + param + "': '" + ClientText.quoted(value) + "'. Supported values are: "
                + supported + ".", param);
    }

    static InvalidRequest missing(String param) {
        return new InvalidRequest("Missing required parameter: '" + param + "'.", param);
    }

    /**
     * Rejects any field of {@code node} outside {@code known}, so nothing the client sent is dropped
     * on the way to another vendor. A null value counts as absent: clients that serialise whole
     * objects send {@code "name": null} for fields they never set.
     *
     * @param at the node's path, prefixed to the field name in the error
     */
    static void onlyKnownFields(JsonNode node, Set<String> known, String at) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!known.contains(field.getKey()) && !field.getValue().isNull()) {
                throw unsupported(at + "." + field.getKey());
            }
        }
    }

    /** A string field, or null when absent or null. */
    static String optionalString(JsonNode parent, String field, String at) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalidType(at + "." + field, "a string");
        }
        return value.textValue();
    }

    static String requiredString(JsonNode parent, String field, String at) {
        String value = optionalString(parent, field, at);
        if (value == null) {
            throw missing(at + "." + field);
        }
        return value;
    }

    /** A boolean field, or null when absent or null. */
    static Boolean optionalBoolean(JsonNode parent, String field, String at) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalidType(at + "." + field, "a boolean");
        }
        return value.booleanValue();
    }

    /** An object field, or null when absent or null. */
    static JsonNode optionalObject(JsonNode parent, String field, String at) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalidType(at + "." + field, "an object");
        }
        return value;
    }
}
