package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.provider.ProviderPreset;
import dev.switchboard.provider.mock.MockProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard serve} in a process of its own, with no provider key in its environment.
 * Without a config file it serves the offline mock, as the README's first steps promise. With a
 * config file that configures no provider it refuses to start (issue 14): before, it served the
 * mock there too, and answered every request with simulated text instead of saying what was wrong.
 */
class ServeOfflineMockTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void without_a_config_file_serve_answers_with_the_offline_mock() throws Exception {
        Process serve = serve("--host", "127.0.0.1", "--port", "0", "--data-dir", dir.resolve("data").toString());
        try {
            CompletableFuture<String> port = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> readLines(serve, new CopyOnWriteArrayList<>(), port));
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS) + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"mock\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains(MockProvider.NOTICE);
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void with_a_config_file_that_configures_no_provider_serve_exits_2_naming_the_file_and_how_to_add_one() throws Exception {
        Path config = Files.writeString(dir.resolve("switchboard.yaml"), "auth:\n  keys: [sb-key]\n");
        Process serve = serve("--config", config.toString(), "--host", "127.0.0.1", "--port", "0", "--data-dir", dir.resolve("data").toString());
        try {
            List<String> output = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofVirtual().start(() -> readLines(serve, output, new CompletableFuture<>()));

            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("serve stopped by itself").isTrue();
            reader.join();
            assertThat(serve.exitValue()).isEqualTo(2);
            assertThat(String.join("\n", output)).contains(
                    "switchboard: configuration error: " + config + ": providers: no provider is configured",
                    "Add a provider under 'providers:'", "add 'mock: {type: mock}' under 'providers:'");
        } finally {
            serve.destroyForcibly();
        }
    }

    /** {@code switchboard serve ARGS} as the launcher starts it, in an environment without provider keys or gateway keys. */
    private static Process serve(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        ProviderPreset.all().forEach(preset -> env.remove(preset.apiKeyEnv()));
        env.keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
        return builder.start();
    }

    private static void readLines(Process process, List<String> output, CompletableFuture<String> port) {
        try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port.complete(listening.group(1));
                }
            }
        } catch (IOException e) {
            // The process ended; what it printed was handed on.
        }
        port.completeExceptionally(new IllegalStateException("serve ended without listening: " + output));
    }
}
