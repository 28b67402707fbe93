package dev.switchboard.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.error.ClientText;
import dev.switchboard.error.GatewayException.InvalidRequest;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a caller tells the router about one request, each hint optional (null when not given); a
 * hint wins over the profile's setting of the same thing.
 *
 * @param task          the task, instead of the classifier's guess
 * @param maxCostUsd    candidates predicted to cost more are excluded
 * @param latencyMs     candidates observed slower are passed over while a faster one remains
 * @param capabilities  capabilities the chosen model must declare ({@code tools}, {@code vision}, {@code json_schema}, {@code reasoning})
 * @param qualityWeight 0 = cheapest, 1 = best predicted quality
 */
public record Hints(Task task, Double maxCostUsd, Long latencyMs, Set<String> capabilities, Double qualityWeight) {
    public static final Hints NONE = new Hints(null, null, null, Set.of(), null);
    /** The header carrying hints: {@code task=code; max_cost=0.01; latency_ms=2000; capabilities=tools,vision; quality_weight=0.7}. */
    public static final String HEADER = "x-switchboard-route";

    static final Set<String> CAPABILITIES = Set.of("tools", "vision", "json_schema", "reasoning");

    public Hints {
        capabilities = Set.copyOf(capabilities);
    }

    /**
     * Parses the header form, {@code key=value} pairs separated by {@code ;}.
     *
     * @throws InvalidRequest naming the hint that is unknown or malformed
     */
    public static Hints parseHeader(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        for (String item : header.split(";")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw invalid(item.strip(), "expected key=value");
            }
            pairs.put(item.substring(0, eq).strip().toLowerCase(Locale.ROOT), item.substring(eq + 1).strip());
        }
        return of(pairs);
    }

    /**
     * Parses the body form, the object under {@code "switchboard": {"route": {...}}}, with the same keys as the header.
     *
     * @throws InvalidRequest naming the hint that is unknown or malformed
     */
    public static Hints parseJson(JsonNode route) {
        if (route == null || route.isNull() || route.isMissingNode()) {
            return NONE;
        }
        if (!route.isObject()) {
            throw new InvalidRequest("Invalid type for 'switchboard.route': expected an object.", "switchboard.route");
        }
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        route.fields().forEachRemaining(field -> {
            JsonNode v = field.getValue();
            String text = v.isArray() ? String.join(",", toStrings(v)) : v.asText();
            pairs.put(field.getKey().toLowerCase(Locale.ROOT), text);
        });
        return of(pairs);
    }

    /** These hints with any unset one taken from {@code other}. */
    public Hints or(Hints other) {
        return new Hints(task != null ? task : other.task, maxCostUsd != null ? maxCostUsd : other.maxCostUsd,
                latencyMs != null ? latencyMs : other.latencyMs, capabilities.isEmpty() ? other.capabilities : capabilities,
                qualityWeight != null ? qualityWeight : other.qualityWeight);
    }

    private static Hints of(Map<String, String> pairs) {
        Task task = null;
        Double maxCost = null;
        Long latency = null;
        Set<String> capabilities = new LinkedHashSet<>();
        Double weight = null;
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            String key = pair.getKey();
            String value = pair.getValue();
            switch (key) {
                case "task" -> task = Task.fromWire(value).orElseThrow(() -> invalid(key, "unknown task '" + ClientText.quoted(value)
                        + "' (known: " + String.join(", ", java.util.Arrays.stream(Task.values()).map(Task::wireName).toList()) + ")"));
                case "max_cost", "max_cost_usd" -> maxCost = number(key, value, 0, Double.MAX_VALUE);
                case "latency_ms" -> latency = (long) number(key, value, 1, Long.MAX_VALUE);
                case "quality_weight" -> weight = number(key, value, 0, 1);
                case "capabilities" -> {
                    for (String c : value.split(",")) {
                        String capability = c.strip().toLowerCase(Locale.ROOT);
                        if (!CAPABILITIES.contains(capability)) {
                            throw invalid(key, "unknown capability '" + ClientText.quoted(capability) + "' (known: tools, vision, json_schema, reasoning)");
                        }
                        capabilities.add(capability);
                    }
                }
                default -> throw invalid(key, "unknown hint (known: task, max_cost, latency_ms, capabilities, quality_weight)");
            }
        }
        return new Hints(task, maxCost, latency, capabilities, weight);
    }

    private static double number(String key, String value, double min, double max) {
        double n;
        try {
            n = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw invalid(key, "'" + ClientText.quoted(value) + "' is not a number");
        }
        if (!(n >= min && n <= max)) {
            throw invalid(key, value + " is out of range; expected " + (max == 1 ? "a number from 0 to 1" : "at least " + (long) min));
        }
        return n;
    }

    private static java.util.List<String> toStrings(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static InvalidRequest invalid(String hint, String problem) {
        return new InvalidRequest("Invalid routing hint '" + hint + "': " + problem + ".", HEADER);
    }
}
