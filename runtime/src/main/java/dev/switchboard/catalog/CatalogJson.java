package dev.switchboard.catalog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that knows the {@code models.json} layout, so the generator that writes it and the
 * catalog that reads it cannot drift apart.
 *
 * <p>Layout: a {@code source} object naming the input files, then a {@code models} array with one
 * compact entry per line, sorted by id. One line per model keeps regeneration diffs to the models
 * that actually changed.
 */
final class CatalogJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private CatalogJson() {
    }

    /**
     * Reads the {@code models} array. Mapped by hand from the tree rather than by data binding: it
     * runs at server start, and binding five record types costs a few hundred milliseconds of cold
     * introspection, several times the parse itself. The round-trip test keeps both directions in step.
     */
    static List<CatalogEntry> read(InputStream in) throws IOException {
        JsonNode models = MAPPER.readTree(in).path("models");
        List<CatalogEntry> entries = new ArrayList<>(models.size());
        for (JsonNode model : models) {
            entries.add(entry(model));
        }
        return entries;
    }

    private static CatalogEntry entry(JsonNode node) {
        JsonNode capabilities = node.path("capabilities");
        JsonNode pricing = node.path("pricing");
        JsonNode benchmarks = node.path("benchmarks");
        return new CatalogEntry(text(node, "id"), text(node, "provider"), text(node, "model"),
                mode(text(node, "mode")), integer(node, "context_window"), integer(node, "max_output_tokens"),
                new Capabilities(capabilities.path("tools").asBoolean(), capabilities.path("vision").asBoolean(),
                        capabilities.path("json_schema").asBoolean(), capabilities.path("reasoning").asBoolean(),
                        capabilities.path("prompt_caching").asBoolean()),
                new Pricing(decimal(pricing, "input"), decimal(pricing, "output"),
                        decimal(pricing, "cache_read"), decimal(pricing, "cache_write")),
                benchmarks.isObject() ? new Benchmarks(number(benchmarks, "intelligence"),
                        number(benchmarks, "coding"), number(benchmarks, "agentic")) : null);
    }

    private static CatalogEntry.Mode mode(String mode) {
        return switch (mode == null ? "" : mode) {
            case "chat" -> CatalogEntry.Mode.CHAT;
            case "embedding" -> CatalogEntry.Mode.EMBEDDING;
            default -> throw new IllegalArgumentException("unknown model mode in catalog: " + mode);
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.intValue();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.doubleValue();
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        // Prices are written as strings so that no reader turns them into binary floating point.
        return value == null || value.isNull() ? null : new BigDecimal(value.asText());
    }

    /** Entries must already be sorted by id; the text ends with a newline. */
    static String write(String litellmSource, String openrouterSource, List<CatalogEntry> sortedEntries) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("litellm", litellmSource);
        source.put("openrouter", openrouterSource);
        StringBuilder out = new StringBuilder(sortedEntries.size() * 400);
        out.append("{\n  \"source\": ").append(compact(source)).append(",\n  \"models\": [\n");
        for (int i = 0; i < sortedEntries.size(); i++) {
            out.append("    ").append(compact(sortedEntries.get(i)))
                    .append(i + 1 < sortedEntries.size() ? ",\n" : "\n");
        }
        return out.append("  ]\n}\n").toString();
    }

    private static String compact(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Only records of this package are written, so a failure is a programming error.
            throw new UncheckedIOException(e);
        }
    }
}
