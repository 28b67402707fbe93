package dev.switchboard.chat;

import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.usage.TokenUsage;
import java.util.List;
import java.util.Objects;

/**
 * A complete (non-streamed) answer in no vendor's format, decoded from the upstream's dialect to
 * be encoded into the client's.
 *
 * @param id           the upstream's id for the answer
 * @param model        the model name the upstream reported; null (or blank) when it named none, as
 *                     Gemini may not: {@link #namedOr} then names the model the gateway called
 * @param content      text, tool calls and thinking, in the order the model produced them
 * @param stopReason   why generation stopped
 * @param stopSequence the stop sequence that ended it, when the upstream says so; else null
 * @param usage        the upstream's token counts; null when it reported none
 * @param created      Unix seconds when the answer was made
 */
public record ChatResult(String id, String model, List<Part> content, StopReason stopReason,
                         String stopSequence, TokenUsage usage, long created) {
    public ChatResult {
        Objects.requireNonNull(id, "id");
        content = List.copyOf(content);
        Objects.requireNonNull(stopReason, "stopReason");
    }

    /** This answer, named after {@code called} when the upstream did not name its model. */
    public ChatResult namedOr(String called) {
        return model == null || model.isBlank() ? new ChatResult(id, called, content, stopReason, stopSequence, usage, created) : this;
    }
}
