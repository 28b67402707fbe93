package dev.switchboard.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Artificial Analysis quality indexes for a model, as republished by OpenRouter's model listing.
 * They are priors for routing by task, not measurements of this gateway's traffic. Each index is
 * {@code null} when the source has no score for it.
 *
 * @param intelligence composite intelligence index
 * @param coding       coding index
 * @param agentic      agentic (tool use, multi-step) index
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"intelligence", "coding", "agentic"})
public record Benchmarks(
        @JsonProperty("intelligence") Double intelligence,
        @JsonProperty("coding") Double coding,
        @JsonProperty("agentic") Double agentic) {
}
