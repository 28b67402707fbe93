package dev.switchboard.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * One model a provider serves, as the gateway knows it: limits, capabilities, prices and quality
 * priors. Bundled entries come from {@code /catalog/models.json}; config may add or replace entries
 * through {@link ModelCatalog#withOverrides}.
 *
 * @param id              catalog id, {@code provider + "/" + model}; unique case-insensitively
 * @param provider        Switchboard provider name, e.g. {@code openai}, {@code together}
 * @param model           the model name sent upstream, exactly as the provider spells it
 * @param mode            what the model does
 * @param contextWindow   most prompt tokens accepted (LiteLLM's {@code max_input_tokens}); null if unknown
 * @param maxOutputTokens most completion tokens per call; null if unknown
 * @param capabilities    declared capabilities
 * @param pricing         prices; individual prices may be unknown
 * @param benchmarks      quality priors; null when the model could not be matched to a benchmark
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "provider", "model", "mode", "context_window", "max_output_tokens",
        "capabilities", "pricing", "benchmarks"})
public record CatalogEntry(
        @JsonProperty("id") String id,
        @JsonProperty("provider") String provider,
        @JsonProperty("model") String model,
        @JsonProperty("mode") Mode mode,
        @JsonProperty("context_window") Integer contextWindow,
        @JsonProperty("max_output_tokens") Integer maxOutputTokens,
        @JsonProperty("capabilities") Capabilities capabilities,
        @JsonProperty("pricing") Pricing pricing,
        @JsonProperty("benchmarks") Benchmarks benchmarks) {

    /** What kind of endpoint the model is served on. */
    public enum Mode {
        /** Chat / messages completion. */
        @JsonProperty("chat") CHAT,
        /** Text embeddings. */
        @JsonProperty("embedding") EMBEDDING
    }

    public CatalogEntry {
        requireText("id", id);
        requireText("provider", provider);
        requireText("model", model);
        Objects.requireNonNull(mode, () -> "mode of " + id);
        requirePositive(id, "context_window", contextWindow);
        requirePositive(id, "max_output_tokens", maxOutputTokens);
        capabilities = capabilities == null ? Capabilities.NONE : capabilities;
        pricing = pricing == null ? Pricing.UNKNOWN : pricing;
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("catalog entry needs a " + field + ", got: " + value);
        }
    }

    private static void requirePositive(String id, String field, Integer value) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException(field + " of " + id + " must be positive, got: " + value);
        }
    }
}
