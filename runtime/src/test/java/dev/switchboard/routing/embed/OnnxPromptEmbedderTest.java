package dev.switchboard.routing.embed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnnxPromptEmbedderTest {
    private static final OnnxPromptEmbedder EMBEDDER = new OnnxPromptEmbedder();

    @Test
    void similarPromptsLieCloserThanUnrelatedOnes() {
        float[] sort = EMBEDDER.embed("Write a Python function that sorts a list of integers.");
        float[] sortAgain = EMBEDDER.embed("Implement a sorting routine for an array of numbers in Java.");
        float[] poem = EMBEDDER.embed("Compose a short poem about the autumn sea at dusk.");

        assertThat(sort).hasSize(PromptEmbedder.DIMENSIONS);
        assertThat(Vectors.dot(sort, sort)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(Vectors.dot(sort, sortAgain)).isGreaterThan(Vectors.dot(sort, poem));
    }

    @Test
    void aLongPromptIsEmbeddedFromItsOpening() {
        String opening = "Summarise the following meeting notes in three bullet points. ";
        float[] whole = EMBEDDER.embed(opening + "notes ".repeat(2000));
        float[] prefix = EMBEDDER.embed((opening + "notes ".repeat(2000)).substring(0, OnnxPromptEmbedder.MAX_CHARS));

        assertThat(whole).containsExactly(prefix);
    }
}
