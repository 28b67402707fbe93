package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard route train} and {@code route eval} on a small outcome file a user could
 * write: coding prompts that only the dear model answers well, chit-chat that both answer well.
 * A router trained on it should send code to the dear model and chat to the cheap one, so it
 * recovers more of the performance gap than a random router.
 */
class RouteCommandTest {
    private final Cli cli = new Cli();

    @TempDir
    Path dir;

    private Path outcomes() throws Exception {
        List<String> lines = new ArrayList<>();
        String[] code = {"Write a Python function that merges two sorted lists", "Implement a binary search in Java",
                "Fix the off-by-one error in this C loop", "Write a SQL query joining orders and customers",
                "Refactor this JavaScript callback into async/await", "Write a Rust function that parses an integer",
                "Implement a thread-safe counter in Go", "Write a unit test for a stack class in Python"};
        String[] chat = {"Hi, how are you today?", "What a lovely morning it is", "Tell me something nice",
                "Thanks for your help earlier!", "Good night, talk tomorrow", "How was your weekend?",
                "Nice to meet you", "Have a great day"};
        for (String prompt : code) {
            lines.add("{\"prompt\":\"" + prompt + "\",\"scores\":{\"dear\":1.0,\"cheap\":0.0},\"costs_usd\":{\"dear\":0.01,\"cheap\":0.0001}}");
        }
        for (String prompt : chat) {
            lines.add("{\"prompt\":\"" + prompt + "\",\"scores\":{\"dear\":1.0,\"cheap\":1.0},\"costs_usd\":{\"dear\":0.01,\"cheap\":0.0001}}");
        }
        Path file = dir.resolve("outcomes.jsonl");
        Files.write(file, lines);
        return file;
    }

    @Test
    void aRouterTrainedOnOutcomesRecoversMoreOfTheGapThanRandom() throws Exception {
        Path data = outcomes();
        Path reference = dir.resolve("router.bin.gz");

        int trained = cli.run("route", "train", "--data", data.toString(), "--out", reference.toString());
        int evaluated = cli.run("route", "eval", "--data", data.toString(), "--reference", reference.toString(), "--k", "3", "--json");
        String printed = cli.out();
        JsonNode report = new ObjectMapper().readTree(printed.substring(printed.indexOf('{')));

        assertThat(trained).as(cli.err()).isZero();
        assertThat(evaluated).as(cli.err()).isZero();
        assertThat(Files.size(reference)).isPositive();
        assertThat(report.path("prompts").asInt()).isEqualTo(16);
        JsonNode two = report.path("two_model");
        assertThat(two.path("router").path("apgr").asDouble()).isGreaterThan(two.path("random_and_zero_router").path("apgr").asDouble());
        assertThat(two.path("oracle").path("apgr").asDouble()).isGreaterThanOrEqualTo(two.path("router").path("apgr").asDouble());
    }

    /** The outcome file with every model renamed, as another data set would name the same models. */
    private Path renamed(Path outcomes, String dear, String cheap, String name) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, Files.readString(outcomes).replace("\"dear\"", "\"" + dear + "\"").replace("\"cheap\"", "\"" + cheap + "\""));
        return file;
    }

    @Test
    void evalFindsTheReferenceSetsModelsAndTheDatasAcrossVendorPrefixes() throws Exception {
        Path outcomes = outcomes();
        Path reference = dir.resolve("router.bin.gz");
        int trained = cli.run("route", "train", "--data", renamed(outcomes, "acme/dear-1", "acme/cheap-1", "train.jsonl").toString(),
                "--out", reference.toString());

        int evaluated = cli.run("route", "eval", "--data", renamed(outcomes, "dear-1", "cheap-1", "held-out.jsonl").toString(),
                "--reference", reference.toString(), "--candidates", "Dear-1,vendor/cheap-1", "--k", "3", "--json");

        assertThat(trained).as(cli.err()).isZero();
        assertThat(evaluated).as(cli.err()).isZero();
        String printed = cli.out();
        JsonNode report = new ObjectMapper().readTree(printed.substring(printed.indexOf("{\"data\"")));
        assertThat(report.path("prompts").asInt()).isEqualTo(16);
        assertThat(report.path("two_model").path("strong").asText()).isEqualTo("dear-1");
    }

    @Test
    void aCandidateThatCouldMeanSeveralOfTheDatasModelsIsRefusedNamingThem() throws Exception {
        Path data = renamed(outcomes(), "acme/model-1", "other/model-1", "twins.jsonl");

        int exit = cli.run("route", "eval", "--data", data.toString(), "--candidates", "model-1,acme/model-1");

        assertThat(exit).isNotZero();
        assertThat(cli.err()).contains("'model-1' is ambiguous").contains("acme/model-1, other/model-1");
    }

    @Test
    void evaluatingAFileWithoutTheCandidatesFailsClearly() throws Exception {
        int exit = cli.run("route", "eval", "--data", outcomes().toString(), "--candidates", "dear,unknown-model");

        assertThat(exit).isNotZero();
        assertThat(cli.err()).contains("unknown-model");
    }
}
