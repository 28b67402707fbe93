package dev.switchboard.skills.agent;

/**
 * What a built-in tool call returns to the model.
 *
 * @param text  the result, or what went wrong, in words a model can act on
 * @param error whether the call failed (sent back as a tool error, so the model can correct itself)
 */
public record ToolReply(String text, boolean error) {
    static ToolReply ok(String text) {
        return new ToolReply(text, false);
    }

    static ToolReply failed(String text) {
        return new ToolReply(text, true);
    }
}
