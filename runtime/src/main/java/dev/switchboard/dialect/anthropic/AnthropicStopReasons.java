package dev.switchboard.dialect.anthropic;

import dev.switchboard.chat.StopReason;

/** Anthropic's {@code stop_reason} values and the neutral {@link StopReason}, both ways. */
final class AnthropicStopReasons {

    private AnthropicStopReasons() {
    }

    static StopReason decode(String stopReason) {
        if (stopReason == null) {
            return StopReason.OTHER;
        }
        return switch (stopReason) {
            case "end_turn" -> StopReason.END_TURN;
            // The context window filled up before max_tokens: to a client, the same truncated answer.
            case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "tool_use" -> StopReason.TOOL_CALLS;
            case "refusal" -> StopReason.CONTENT_FILTER;
            // pause_turn (a server-tool loop paused) and anything newer.
            default -> StopReason.OTHER;
        };
    }

    static String encode(StopReason reason) {
        return switch (reason) {
            case END_TURN -> "end_turn";
            case MAX_TOKENS -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
            // Anthropic has no catch-all reason; its clients know only the values above, and a
            // vendor's "other" (Gemini's MALFORMED_FUNCTION_CALL, ...) still ended the turn.
            case OTHER -> "end_turn";
        };
    }
}
