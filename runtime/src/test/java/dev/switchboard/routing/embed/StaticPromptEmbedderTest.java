package dev.switchboard.routing.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticPromptEmbedderTest {
    private static final StaticPromptEmbedder EMBEDDER = StaticPromptEmbedder.loadBundled();

    @TempDir
    Path dir;

    @Test
    void similarPromptsLieCloserThanUnrelatedOnes() {
        float[] sort = EMBEDDER.embed("Write a Python function that sorts a list of integers.");
        float[] sortAgain = EMBEDDER.embed("Implement a sorting routine for an array of numbers in Java.");
        float[] poem = EMBEDDER.embed("Compose a short poem about the autumn sea at dusk.");

        assertThat(sort).hasSize(PromptEmbedder.DIMENSIONS);
        assertThat(Vectors.dot(sort, sort)).isCloseTo(1f, within(1e-4f));
        assertThat(Vectors.dot(sort, sortAgain)).isGreaterThan(Vectors.dot(sort, poem));
    }

    @Test
    void theSamePromptAlwaysGetsTheSameVector() {
        String prompt = "Summarise the following meeting notes in three bullet points.";

        assertThat(EMBEDDER.embed(prompt)).containsExactly(StaticPromptEmbedder.loadBundled().embed(prompt));
    }

    @Test
    void theWholePromptCountsNotOnlyItsOpening() {
        String opening = "Please help me with the following. " + "Here is some context. ".repeat(150);
        float[] code = EMBEDDER.embed(opening + "Fix the null pointer exception in this Java method and add a unit test.");
        float[] poem = EMBEDDER.embed(opening + "Write a sonnet about the ocean at night.");
        float[] fix = EMBEDDER.embed("Fix the null pointer exception in this Java method and add a unit test.");

        assertThat(code).isNotEqualTo(poem);
        assertThat(Vectors.dot(code, fix)).isGreaterThan(Vectors.dot(poem, fix));
    }

    @Test
    void aPromptWithNoTextStillGetsAUnitVector() {
        assertThat(Vectors.dot(EMBEDDER.embed(""), EMBEDDER.embed(" \n"))).isCloseTo(1f, within(1e-4f));
        assertThat(Vectors.dot(EMBEDDER.embed(""), EMBEDDER.embed(""))).isCloseTo(1f, within(1e-4f));
    }

    @Test
    void aWrittenTableReadsBackToTheSameEmbeddings() throws IOException {
        StaticPromptEmbedder tiny = StaticPromptEmbedder.of(List.of("[PAD]", "[UNK]", "cat", "dog", "(", ")", "empty"),
                new float[][] {{0, 0, 0}, {0.1f, 0.1f, 0.1f}, {1, 0.2f, 0}, {0.9f, 0.3f, 0}, {0, 0, 1}, {0, 0, 1}, {0, 1, 0}});
        Path file = dir.resolve("table.bin.gz");

        tiny.write(file);
        StaticPromptEmbedder read;
        try (InputStream in = Files.newInputStream(file)) {
            read = StaticPromptEmbedder.read(in);
        }

        assertThat(read.dimensions()).isEqualTo(3);
        assertThat(read.embed("cat dog")).containsExactly(tiny.embed("cat dog"));
        assertThat(Vectors.dot(read.embed("cat"), read.embed("dog"))).isGreaterThan(0.95f);
    }
}
