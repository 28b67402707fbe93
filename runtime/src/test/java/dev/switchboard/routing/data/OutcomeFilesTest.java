package dev.switchboard.routing.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeFilesTest {
    private static final Path ROUTERBENCH = Path.of("data/routing");

    @TempDir
    Path dir;

    @Test
    void aRouterBenchCsvHasAModelForEachTotalCostColumn() throws IOException {
        Path file = write("routerbench-tiny.csv", """
                ,sample_id,prompt,eval_name,m-a,m-b,m-a|model_response,m-b|model_response,m-a|total_cost,m-b|total_cost,oracle_model_to_route_to
                0,x.1,"Write a
                function",mbpp,1.0,0.0,"def f():
                    pass",no,0.002,0.0001,m-a
                """);

        List<Example> examples = OutcomeFiles.read(file);

        assertThat(examples).containsExactly(new Example("Write a\nfunction", "mbpp",
                Map.of("m-a", 1.0, "m-b", 0.0), Map.of("m-a", 0.002, "m-b", 0.0001)));
    }

    @Test
    void aRouterBenchCsvWithoutEvalNameTakesItsCategoryFromTheFileName() throws IOException {
        Path file = write("winogrande.csv", "prompt,m-a,m-a|total_cost\nq,0.5,0.01\n");

        assertThat(OutcomeFiles.read(file).get(0).category()).isEqualTo("winogrande");
    }

    @Test
    void aFewShotRouterBenchPromptIsReducedToItsFinalQuestion() {
        String raw = "['Q: 1+1?\\nAnswer:\\n2\\n\\nQ: Ann\\'s cat?\\nAnswer:']";

        assertThat(OutcomeFiles.question(raw)).isEqualTo("Q: Ann's cat?\nAnswer:");
    }

    @Test
    void jsonlLinesBecomeExamplesWithOptionalCategoryAndCosts() throws IOException {
        Path file = write("outcomes.jsonl", """
                {"prompt": "p1", "category": "code", "scores": {"a": 1, "b": 0.25}, "costs_usd": {"a": 0.01}}

                {"prompt": "p2", "scores": {"a": 0}}
                """);

        assertThat(OutcomeFiles.read(file)).containsExactly(
                new Example("p1", "code", Map.of("a", 1.0, "b", 0.25), Map.of("a", 0.01)),
                new Example("p2", "", Map.of("a", 0.0), Map.of()));
    }

    /** Regression (issue 14): only the first record of the line was read, the second dropped without a word. */
    @Test
    void twoRecordsOnOneJsonlLineAreAnErrorNamingTheLine() throws IOException {
        Path file = write("outcomes.jsonl", """
                {"prompt": "p1", "scores": {"a": 1}}
                {"prompt": "p2", "scores": {"a": 0}} {"prompt": "p3", "scores": {"a": 1}}
                """);

        assertThatThrownBy(() -> OutcomeFiles.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + " line 2: Unexpected content after the JSON value (column 38)");
    }

    @Test
    void longCsvRowsOfOnePromptAreMergedIntoOneExample() throws IOException {
        Path file = write("log.csv", "prompt,model,score,cost_usd\np1,a,1,0.01\np2,a,0,0.02\np1,b,0.5,\n");

        assertThat(OutcomeFiles.read(file)).containsExactly(
                new Example("p1", "", Map.of("a", 1.0, "b", 0.5), Map.of("a", 0.01)),
                new Example("p2", "", Map.of("a", 0.0), Map.of("a", 0.02)));
    }

    @Test
    void aCsvOfNeitherShapeIsRejectedNamingItsHeader() throws IOException {
        Path file = write("other.csv", "question,answer\nq,a\n");

        assertThatThrownBy(() -> OutcomeFiles.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("[question, answer]");
    }

    @Test
    void theRouterBenchMbppFileHasAll299PromptsWithElevenModelsEach() throws IOException {
        List<Example> examples = OutcomeFiles.read(ROUTERBENCH.resolve("routerbench-0shot-mbpp_train.csv"));

        assertThat(examples).hasSize(299);
        assertThat(examples).allSatisfy(e -> {
            assertThat(e.scores()).hasSize(11).containsKey("gpt-4-1106-preview");
            assertThat(e.costsUsd()).hasSize(11);
            assertThat(e.category()).isEqualTo("mbpp");
        });
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
