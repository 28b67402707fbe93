package dev.switchboard.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.error.GatewayException.InvalidRequest;
import java.util.Map;

/**
 * Typed reads from a client's request tree. Each failure is a 400 whose message starts with the
 * value's path, the way Anthropic's own validation errors read ({@code messages.0.content: Field
 * required}), and whose param is that path.
 */
final class ClientJson {

    private ClientJson() {
    }

    static InvalidRequest invalid(String path, String problem) {
        return new InvalidRequest(path + ": " + problem, path);
    }

    /** For a field Anthropic defines that has no counterpart in the other providers' APIs. */
    static InvalidRequest untranslatable(String path, String what) {
        return invalid(path, what + " cannot be translated for a model served by a non-Anthropic provider");
    }

    static InvalidRequest unknownField(String path) {
        return invalid(path, "Extra inputs are not permitted");
    }

    static JsonNode required(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw invalid(path, "Field required");
        }
        return value;
    }

    static String text(JsonNode value, String path) {
        if (!value.isTextual()) {
            throw invalid(path, "Input should be a valid string");
        }
        return value.asText();
    }

    static String requiredText(JsonNode parent, String field, String path) {
        return text(required(parent, field, path), path);
    }

    static int integer(JsonNode value, String path) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid(path, "Input should be a valid integer");
        }
        return value.intValue();
    }

    static double number(JsonNode value, String path) {
        if (!value.isNumber()) {
            throw invalid(path, "Input should be a valid number");
        }
        return value.doubleValue();
    }

    static boolean bool(JsonNode value, String path) {
        if (!value.isBoolean()) {
            throw invalid(path, "Input should be a valid boolean");
        }
        return value.booleanValue();
    }

    static JsonNode object(JsonNode value, String path) {
        if (!value.isObject()) {
            throw invalid(path, "Input should be a valid dictionary");
        }
        return value;
    }

    static JsonNode array(JsonNode value, String path) {
        if (!value.isArray()) {
            throw invalid(path, "Input should be a valid list");
        }
        return value;
    }

    /** Rejects any non-null field of {@code object} not in {@code allowed}: nothing a client sends is dropped unread. */
    static void onlyFields(JsonNode object, String path, String... allowed) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!field.getValue().isNull() && !isOneOf(field.getKey(), allowed)) {
                throw unknownField(path + "." + field.getKey());
            }
        }
    }

    private static boolean isOneOf(String name, String[] allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** True when the field is absent or JSON null: the client did not use it. */
    static boolean absent(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        return value == null || value.isNull();
    }
}
