package dev.switchboard.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a model's API accepts beyond plain text chat, as the catalog source declares it. A
 * {@code false} means "not declared", not "proven absent".
 *
 * @param tools         accepts tool / function definitions and returns tool calls
 * @param vision        accepts image input
 * @param jsonSchema    can constrain output to a JSON schema (structured output)
 * @param reasoning     exposes a reasoning / thinking mode
 * @param promptCaching supports provider-side prompt caching
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"tools", "vision", "json_schema", "reasoning", "prompt_caching"})
public record Capabilities(
        @JsonProperty("tools") boolean tools,
        @JsonProperty("vision") boolean vision,
        @JsonProperty("json_schema") boolean jsonSchema,
        @JsonProperty("reasoning") boolean reasoning,
        @JsonProperty("prompt_caching") boolean promptCaching) {

    /** A model that declares nothing beyond text in, text out. */
    public static final Capabilities NONE = new Capabilities(false, false, false, false, false);
}
