package dev.switchboard.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.catalog.CatalogEntry.Mode;
import dev.switchboard.catalog.Finding.Action;
import dev.switchboard.catalog.Finding.Rule;
import dev.switchboard.catalog.UpstreamModel.PriceField;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads LiteLLM's {@code model_prices_and_context_window.json} into catalog candidates: picks the
 * providers Switchboard speaks, names them our way, skips keys that are not callable models and
 * merges keys that name the same model.
 *
 * <p>Which keys are skipped, and why:
 * <ul>
 *   <li>{@code ft:...}: fine-tune price templates; a real fine-tune is called as
 *       {@code ft:<base>:<org>:<suffix>:<id>}, so the template itself is not addressable.</li>
 *   <li>{@code together-ai-*} / {@code fireworks-ai-*}: price tiers by parameter count, not models.</li>
 *   <li>Fireworks shorthand ({@code fireworks_ai/glm-4p7}): LiteLLM aliases of
 *       {@code accounts/fireworks/...} keys, which are the ids Fireworks' API actually accepts.</li>
 *   <li>Keys whose model name is empty after the provider prefix.</li>
 *   <li>{@code sample_spec} and every non-chat, non-embedding mode fall out through the provider and
 *       mode filters. LiteLLM's regional keys (bedrock, vertex_ai, azure) belong to providers not
 *       mapped here, so no regional rule is needed.</li>
 * </ul>
 */
final class LiteLlmSource {

    /** LiteLLM provider key to Switchboard provider name. */
    private static final Map<String, String> PROVIDERS = Map.ofEntries(
            Map.entry("openai", "openai"), Map.entry("anthropic", "anthropic"), Map.entry("gemini", "gemini"),
            Map.entry("deepseek", "deepseek"), Map.entry("xai", "xai"), Map.entry("mistral", "mistral"),
            Map.entry("groq", "groq"), Map.entry("together_ai", "together"), Map.entry("fireworks_ai", "fireworks"),
            Map.entry("openrouter", "openrouter"), Map.entry("dashscope", "dashscope"), Map.entry("zai", "zhipu"),
            Map.entry("moonshot", "moonshot"), Map.entry("minimax", "minimax"), Map.entry("cerebras", "cerebras"),
            Map.entry("perplexity", "perplexity"), Map.entry("deepinfra", "deepinfra"), Map.entry("ollama", "ollama"));

    private static final Map<String, Mode> MODES = Map.of("chat", Mode.CHAT, "embedding", Mode.EMBEDDING);

    private static final Map<PriceField, String> PRICE_KEYS = Map.of(
            PriceField.INPUT, "input_cost_per_token",
            PriceField.OUTPUT, "output_cost_per_token",
            PriceField.CACHE_READ, "cache_read_input_token_cost",
            PriceField.CACHE_WRITE, "cache_creation_input_token_cost");

    private static final Pattern PRICE_TIER_KEY = Pattern.compile("^(together|fireworks)-ai-.*");

    /** Candidates, one per catalog id, and the conflicts found while merging duplicate keys. */
    record Parsed(List<UpstreamModel> models, List<Finding> findings) {
    }

    private LiteLlmSource() {
    }

    /** Root must have been parsed with exact decimals (USE_BIG_DECIMAL_FOR_FLOATS). */
    static Parsed read(JsonNode root) {
        List<UpstreamModel> candidates = new ArrayList<>();
        root.properties().forEach(property -> {
            UpstreamModel candidate = toCandidate(property.getKey(), property.getValue());
            if (candidate != null) {
                candidates.add(candidate);
            }
        });
        Map<String, List<UpstreamModel>> byId = candidates.stream().collect(Collectors.groupingBy(
                candidate -> candidate.id().toLowerCase(Locale.ROOT), LinkedHashMap::new, Collectors.toList()));
        List<UpstreamModel> models = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        byId.values().forEach(group -> models.add(merge(group, findings)));
        return new Parsed(models, findings);
    }

    private static UpstreamModel toCandidate(String key, JsonNode node) {
        String litellmProvider = node.path("litellm_provider").asText();
        String provider = PROVIDERS.get(litellmProvider);
        Mode mode = MODES.get(node.path("mode").asText());
        if (provider == null || mode == null || key.startsWith("ft:") || PRICE_TIER_KEY.matcher(key).matches()) {
            return null;
        }
        String model = key.startsWith(litellmProvider + "/") ? key.substring(litellmProvider.length() + 1) : key;
        if (model.isBlank() || (provider.equals("fireworks") && !model.startsWith("accounts/"))) {
            return null;
        }
        Map<PriceField, BigDecimal> prices = new EnumMap<>(PriceField.class);
        PRICE_KEYS.forEach((field, litellmKey) -> prices.put(field, perMillion(node.get(litellmKey))));
        if (mode == Mode.EMBEDDING && prices.get(PriceField.OUTPUT) == null) {
            // Embeddings return vectors, never billable output tokens; LiteLLM sometimes omits the price.
            prices.put(PriceField.OUTPUT, BigDecimal.ZERO);
        }
        Capabilities capabilities = new Capabilities(
                flag(node, "supports_function_calling"), flag(node, "supports_vision"),
                flag(node, "supports_response_schema"), flag(node, "supports_reasoning"),
                flag(node, "supports_prompt_caching"));
        // Only max_input_tokens is taken as the window: the legacy max_tokens means the output limit
        // for some entries and the input limit for others.
        return new UpstreamModel(key, provider, model, mode, tokens(node.get("max_input_tokens")),
                tokens(node.get("max_output_tokens")), capabilities, prices);
    }

    /**
     * Several keys can name one model: OpenAI-style unprefixed keys next to prefixed ones
     * ({@code deepseek-chat}, {@code deepseek/deepseek-chat}) or case variants. The prefixed key is
     * preferred for capabilities and spelling. A value given by only some keys is taken; values that
     * differ between keys are nulled, because nothing says which one is right.
     */
    private static UpstreamModel merge(List<UpstreamModel> group, List<Finding> findings) {
        List<UpstreamModel> ordered = group.stream()
                .sorted(Comparator.comparing((UpstreamModel m) -> !m.key().contains("/"))
                        .thenComparing(UpstreamModel::key))
                .toList();
        UpstreamModel preferred = ordered.get(0);
        if (ordered.size() == 1) {
            return preferred;
        }
        Map<PriceField, BigDecimal> prices = new EnumMap<>(PriceField.class);
        for (PriceField field : PriceField.values()) {
            prices.put(field, agreed(ordered, m -> m.price(field), field.path(), preferred.id(), findings));
        }
        Integer context = agreed(ordered, UpstreamModel::contextWindow, "context_window", preferred.id(), findings);
        Integer maxOutput = agreed(ordered, UpstreamModel::maxOutputTokens, "max_output_tokens", preferred.id(), findings);
        return preferred.with(context, maxOutput, prices);
    }

    private static <T extends Comparable<T>> T agreed(List<UpstreamModel> group, Function<UpstreamModel, T> value,
                                                       String field, String id, List<Finding> findings) {
        List<UpstreamModel> present = group.stream().filter(m -> value.apply(m) != null).toList();
        boolean conflict = present.stream().map(value)
                .anyMatch(v -> v.compareTo(value.apply(present.get(0))) != 0);
        if (!conflict) {
            return present.isEmpty() ? null : value.apply(present.get(0));
        }
        String values = present.stream()
                .map(m -> m.key() + " = " + plain(value.apply(m)))
                .collect(Collectors.joining("; "));
        findings.add(new Finding(id, Rule.DUPLICATE_KEY_CONFLICT, field, values, Action.NULLED_FIELD));
        return null;
    }

    private static String plain(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : Objects.toString(value);
    }

    private static BigDecimal perMillion(JsonNode perToken) {
        if (perToken == null || !perToken.isNumber()) {
            return null;
        }
        return perToken.decimalValue().movePointRight(6).stripTrailingZeros();
    }

    private static Integer tokens(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return null;
        }
        // xAI entries write windows as 2000000.0; anything fractional or non-positive is not a window.
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        if (value.signum() <= 0 || value.scale() > 0 || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            return null;
        }
        return value.intValueExact();
    }

    private static boolean flag(JsonNode node, String field) {
        return node.path(field).asBoolean(false);
    }
}
