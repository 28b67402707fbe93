package dev.switchboard.skills.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A built-in tool as a model is offered it: the shape every chat API's function tools share.
 *
 * @param name        the function name the model calls
 * @param description what it does, for the model
 * @param parameters  its arguments as a JSON Schema object
 */
public record ToolSpec(String name, String description, JsonNode parameters) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parameters, "parameters");
    }
}
