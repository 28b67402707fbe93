package dev.switchboard.usage;

/**
 * Tokens one upstream call consumed, normalised to OpenAI's counting convention whatever the
 * provider's wire format: {@code inputTokens} includes cached and cache-written prompt tokens, and
 * {@code outputTokens} includes reasoning tokens. Each provider dialect converts its own usage
 * object into this record at its edge.
 *
 * @param inputTokens      all prompt tokens, cached ones included
 * @param cacheReadTokens  prompt tokens served from the provider's prompt cache
 * @param cacheWriteTokens prompt tokens written to the provider's prompt cache
 * @param outputTokens     all completion tokens, reasoning included
 * @param reasoningTokens  completion tokens spent on hidden reasoning
 */
public record TokenUsage(long inputTokens, long cacheReadTokens, long cacheWriteTokens,
                         long outputTokens, long reasoningTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

    public TokenUsage {
        if (inputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0 || outputTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
        if (cacheReadTokens + cacheWriteTokens > inputTokens) {
            throw new IllegalArgumentException("cached tokens (" + (cacheReadTokens + cacheWriteTokens)
                    + ") exceed input tokens (" + inputTokens + ")");
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoning tokens (" + reasoningTokens
                    + ") exceed output tokens (" + outputTokens + ")");
        }
    }

    /** Prompt tokens billed at the plain input price. */
    public long uncachedInputTokens() {
        return inputTokens - cacheReadTokens - cacheWriteTokens;
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
