package dev.switchboard.chat;

/** Why a model stopped generating, in terms every dialect can express. */
public enum StopReason {
    /** The model finished its turn (OpenAI {@code stop}, Anthropic {@code end_turn}, Gemini {@code STOP}). */
    END_TURN,
    /** The output limit was reached (OpenAI {@code length}, Anthropic and Gemini {@code max_tokens}). */
    MAX_TOKENS,
    /** A client-given stop sequence was produced (OpenAI reports it as {@code stop}). */
    STOP_SEQUENCE,
    /** The model called tools and waits for their results. */
    TOOL_CALLS,
    /** The vendor's safety system stopped or refused the answer. */
    CONTENT_FILTER,
    /** Any other reason the vendor gave (Gemini's {@code OTHER}, {@code MALFORMED_FUNCTION_CALL}, ...). */
    OTHER
}
