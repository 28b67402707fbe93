package dev.switchboard.governance.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.error.ClientText;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.dialect.RequestWalk;
import dev.switchboard.json.StrictJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON request body of the admin API, read field by field. Every accessor validates its field
 * and fails with a 400 that names it; unknown fields are refused so a typo never passes silently.
 * For PATCH, {@link #has} tells a field that is absent (keep) from one set to null (clear).
 *
 * <p>What an admin sends is stored and shown back (names, model lists, tags), so every string is
 * at most {@link ClientText#MAX_NAME_CHARS} characters, a list at most {@value #MAX_LIST_ENTRIES}
 * entries and a tag object at most {@value #MAX_TAGS} pairs: larger ones are refused, never cut.
 */
final class Body {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Nano-dollars: the unit all money is kept in.
    private static final int MONEY_SCALE = 9;
    // A model allow or deny list: far more names or patterns than any catalog has models.
    static final int MAX_LIST_ENTRIES = 1_000;
    // Labels such as cost_center or owner, not a document store.
    static final int MAX_TAGS = 64;
    // Longer than any vendor's API key; the key travels upstream in a header, where servers allow about 8 KB in all.
    private static final int MAX_SECRET_CHARS = 4_096;
    // The largest body the limits above allow (1,000 names of 256 characters) with room to spare.
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ObjectNode root;

    private Body(ObjectNode root) {
        this.root = root;
    }

    /**
     * Reads the request's body as a JSON object with only {@code fields}; an empty body is an empty object.
     *
     * @throws GatewayException.PayloadTooLarge over {@value #MAX_BODY_BYTES} bytes
     */
    static Body parse(Context ctx, Set<String> fields) {
        byte[] body = RequestBodies.read(ctx, MAX_BODY_BYTES);
        JsonNode node;
        try {
            node = isBlank(body) ? JSON.createObjectNode() : StrictJson.readTree(body);
        } catch (JsonProcessingException e) {
            throw RequestWalk.malformed(e);
        } catch (IOException e) {
            throw new GatewayException.InvalidRequest("We could not read the body of your request.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new GatewayException.InvalidRequest("The request body must be a JSON object.");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw invalid(name, "unknown field '" + ClientText.quoted(name) + "'; expected one of " + fields.stream().sorted().toList());
            }
        }
        return new Body(object);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /** The fields present, sorted: what a PATCH changed, for the audit log. */
    List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    boolean has(String field) {
        return root.has(field);
    }

    String requiredString(String field) {
        return required(field, string(field));
    }

    /** A credential such as a provider's API key: required, and allowed longer than a name. */
    String requiredSecret(String field) {
        return required(field, text(field, MAX_SECRET_CHARS));
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "'" + field + "' is required");
        }
        return value;
    }

    /** A string, or null when absent or null. */
    String string(String field) {
        return text(field, ClientText.MAX_NAME_CHARS);
    }

    private String text(String field, int maxChars) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(field, "'" + field + "' must be a string");
        }
        return ClientText.bounded(field, node.asText().strip(), maxChars);
    }

    /** A list of strings, or null when absent or null. */
    List<String> strings(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            entries(field, node, MAX_LIST_ENTRIES);
            node.forEach(item -> {
                if (!item.isTextual() || item.asText().isBlank()) {
                    throw invalid(field, "'" + field + "' must be an array of non-empty strings");
                }
                values.add(ClientText.bounded(field + "[" + values.size() + "]", item.asText(), ClientText.MAX_NAME_CHARS));
            });
            return values;
        }
        throw invalid(field, "'" + field + "' must be an array of strings");
    }

    /** A flat object of string values, or null when absent or null. */
    Map<String, String> tags(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw invalid(field, "'" + field + "' must be an object of strings");
        }
        entries(field, node, MAX_TAGS);
        Map<String, String> tags = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            String key = ClientText.bounded(field + " key", e.getKey(), ClientText.MAX_NAME_CHARS);
            if (!e.getValue().isTextual()) {
                throw invalid(field, "'" + field + "." + key + "' must be a string");
            }
            tags.put(key, ClientText.bounded(field + "." + key, e.getValue().asText(), ClientText.MAX_NAME_CHARS));
        });
        return tags;
    }

    private static void entries(String field, JsonNode node, int max) {
        if (node.size() > max) {
            throw invalid(field, "'" + field + "' has " + node.size() + " entries; at most " + max + " are allowed");
        }
    }

    Boolean bool(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw invalid(field, "'" + field + "' must be true or false");
        }
        return node.asBoolean();
    }

    /** A whole number of at least 1 that fits {@code max}, or null when absent or null. */
    Long positive(String field, long max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1 || node.asLong() > max) {
            throw invalid(field, "'" + field + "' must be a whole number from 1 to " + max);
        }
        return node.asLong();
    }

    /** An ISO-8601 instant such as {@code 2026-12-31T00:00:00Z}, or null when absent or null. */
    Instant instant(String field) {
        String value = string(field);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(field, "'" + field + "' must be an ISO-8601 time such as 2026-12-31T00:00:00Z");
        }
    }

    /**
     * An amount of US dollars as whole nano-dollars, given as a decimal string ({@code "25.00"}) or
     * a JSON number, read exactly (no binary floating point).
     */
    long nanoDollars(String field) {
        JsonNode node = root.get(field);
        BigDecimal usd;
        try {
            if (node != null && node.isTextual()) {
                usd = new BigDecimal(node.asText().strip());
            } else if (node != null && node.isNumber()) {
                usd = new BigDecimal(node.asText());
            } else {
                throw invalid(field, "'" + field + "' is required: an amount in US dollars such as \"25.00\"");
            }
        } catch (NumberFormatException e) {
            throw invalid(field, "'" + field + "' must be a decimal amount in US dollars such as \"25.00\"");
        }
        if (usd.signum() < 0) {
            throw invalid(field, "'" + field + "' must not be negative");
        }
        if (usd.stripTrailingZeros().scale() > MONEY_SCALE) {
            throw invalid(field, "'" + field + "' has more than " + MONEY_SCALE + " decimal places");
        }
        try {
            return usd.movePointRight(MONEY_SCALE).longValueExact();
        } catch (ArithmeticException e) {
            throw invalid(field, "'" + field + "' is too large");
        }
    }

    /** Percentages from 1 to 1000, or an empty list when absent. */
    List<Integer> percentages(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(field, "'" + field + "' must be an array of percentages such as [50, 80, 100]");
        }
        List<Integer> values = new ArrayList<>();
        node.forEach(item -> {
            if (!item.isIntegralNumber() || item.asInt() < 1 || item.asInt() > 1000) {
                throw invalid(field, "'" + field + "' must hold whole percentages from 1 to 1000");
            }
            values.add(item.asInt());
        });
        return values;
    }

    static GatewayException.InvalidRequest invalid(String field, String message) {
        return new GatewayException.InvalidRequest(message + ".", field);
    }
}
