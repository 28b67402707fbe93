package dev.switchboard.routing.embed;

/**
 * Turns a prompt into a unit-length vector, so that prompts asking similar things lie close
 * together. Routing classifies the task and predicts each model's quality from it. Implementations
 * run in-process and are thread-safe.
 */
@FunctionalInterface
public interface PromptEmbedder {
    /** A vector of length {@link #DIMENSIONS}, normalised to length 1. */
    float[] embed(String prompt);

    /** The vectors' size: BGE small's 384 reduced to its first 256 principal components ({@link StaticPromptEmbedder}). */
    int DIMENSIONS = 256;
}
