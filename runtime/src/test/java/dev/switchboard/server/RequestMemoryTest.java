package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.SlowStreamUpstream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The memory a request's body may hold (issue 13): bodies in flight together stay within a share
 * of the heap, and a request that would pass it is refused with a 503 in its client's shape before
 * its body is kept — never an OutOfMemoryError and an empty 500. These tests inject a small share
 * ({@code server.max_inflight_body_bytes}) and hold one request in flight on a slow upstream.
 */
class RequestMemoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHARE = 4_000;
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    private static String config(SlowStreamUpstream upstream) {
        return """
                server:
                  max_inflight_body_bytes: %d
                providers:
                  up: {type: openai, base_url: "%s"}
                  mock: {type: mock}
                models:
                  slow:
                    deployments: [{provider: up, model: slow}]
                  mock:
                    deployments: [{provider: mock, model: mock}]
                """.formatted(SHARE, upstream.baseUrl());
    }

    /** A chat body of about {@code bytes} bytes for {@code model}, padded with a long message. */
    private static String chat(String model, int bytes, boolean stream) {
        String head = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"";
        String tail = "\"}]}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    private static String messages(int bytes) {
        String head = "{\"model\":\"mock\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"";
        String tail = "\"}]}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    @Test
    void a_body_that_would_pass_the_memory_for_bodies_in_flight_is_a_503_with_retry_after_in_each_clients_shape() throws Exception {
        try (SlowStreamUpstream upstream = new SlowStreamUpstream(200, Duration.ofMillis(50));
             RunningGateway gateway = RunningGateway.start(config(upstream));
             Socket holder = SlowStreamUpstream.streamInFlight(gateway, chat("slow", 3_000, true))) {

            HttpResponse<String> openAi = gateway.post("/v1/chat/completions", chat("mock", 2_000, false));
            HttpResponse<String> anthropic = gateway.post("/v1/messages", messages(2_000), "anthropic-version", "2023-06-01");
            HttpResponse<String> small = gateway.post("/v1/chat/completions", chat("mock", 500, false));

            assertThat(openAi.statusCode()).isEqualTo(503);
            assertThat(openAi.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(JSON.readTree(openAi.body()).path("error").path("message").asText())
                    .isEqualTo("The gateway is holding as many request bodies as its memory allows (4000 bytes); retry shortly.");
            assertThat(anthropic.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(anthropic.body()).path("type").asText()).isEqualTo("error");
            assertThat(JSON.readTree(anthropic.body()).path("error").path("type").asText()).isEqualTo("api_error");
            assertThat(small.statusCode()).as("a body that still fits").isEqualTo(200);
        }
    }

    @Test
    void a_body_without_content_length_is_counted_as_it_arrives() throws Exception {
        try (SlowStreamUpstream upstream = new SlowStreamUpstream(200, Duration.ofMillis(50));
             RunningGateway gateway = RunningGateway.start(config(upstream));
             Socket holder = SlowStreamUpstream.streamInFlight(gateway, chat("slow", 3_000, true))) {
            byte[] body = chat("mock", 2_000, false).getBytes(StandardCharsets.UTF_8);

            // A body published from a stream of unknown length goes out chunked, without Content-Length.
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                            .header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(503);
        }
    }

    @Test
    void what_a_request_held_is_given_back_when_it_ends() throws Exception {
        try (SlowStreamUpstream upstream = new SlowStreamUpstream(1, Duration.ZERO);
             RunningGateway gateway = RunningGateway.start(config(upstream))) {
            for (int i = 0; i < 5; i++) {
                assertThat(gateway.post("/v1/chat/completions", chat("mock", 3_500, false)).statusCode()).isEqualTo(200);
                assertThat(gateway.post("/v1/messages", messages(3_500), "anthropic-version", "2023-06-01").statusCode()).isEqualTo(200);
                assertThat(gateway.post("/v1/chat/completions", chat("mock", 3_500, false), "x-switchboard-retries", "bad").statusCode())
                        .as("a request refused after its body was read").isEqualTo(400);
            }
        }
    }

    @Test
    void a_body_larger_than_the_memory_for_bodies_in_flight_is_a_413_naming_that_limit() throws Exception {
        try (SlowStreamUpstream upstream = new SlowStreamUpstream(1, Duration.ZERO);
             RunningGateway gateway = RunningGateway.start(config(upstream))) {

            HttpResponse<String> response = gateway.post("/v1/chat/completions", chat("mock", SHARE + 1, false));

            assertThat(response.statusCode()).isEqualTo(413);
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("request_too_large");
            assertThat(error.path("message").asText()).isEqualTo("Request body exceeds the limit of 4000 bytes.");
        }
    }

    /**
     * The issue's own scenario, end to end: a gateway in a JVM started with the launcher's heap
     * options, and 30 MB requests — one alone, then six at once in both client formats. Before,
     * the six exhausted the heap and every client got an empty 500. This shows that under the
     * default share of the heap the gateway answers each with its answer or a 503 and stays up; it
     * does not show the share is right for every heap size or every request shape.
     */
    @Test
    void under_the_launchers_heap_six_concurrent_30_mb_requests_get_answers_or_503s_never_an_out_of_memory_error() throws Exception {
        Path dataDir = Files.createTempDirectory("switchboard-memory-test");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(launcherJavaOptions());
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.switchboard.cli.Main", "serve", "--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.append(line).append('\n');
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        port.complete(Integer.parseInt(listening.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        });
        try {
            String base = "http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String prompt = "hello world ".repeat(1_000_000 / 12);
            StringBuilder turns = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                turns.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"").append(prompt).append("\"}");
            }
            byte[] chat = ("{\"model\":\"mock\",\"messages\":[" + turns + "]}").getBytes(StandardCharsets.UTF_8);
            byte[] messages = ("{\"model\":\"mock\",\"max_tokens\":16,\"messages\":[" + turns + "]}").getBytes(StandardCharsets.UTF_8);
            HttpRequest chatRequest = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(chat)).header("Content-Type", "application/json").build();
            HttpRequest messagesRequest = HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(messages)).header("Content-Type", "application/json")
                    .header("anthropic-version", "2023-06-01").build();

            assertThat(client.send(chatRequest, HttpResponse.BodyHandlers.ofString()).statusCode()).as("one alone").isEqualTo(200);
            List<CompletableFuture<HttpResponse<String>>> six = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                six.add(client.sendAsync(i % 2 == 0 ? chatRequest : messagesRequest, HttpResponse.BodyHandlers.ofString()));
            }

            for (CompletableFuture<HttpResponse<String>> pending : six) {
                HttpResponse<String> response = pending.get(120, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
                JsonNode body = JSON.readTree(response.body());
                if (response.statusCode() == 503) {
                    assertThat(response.headers().firstValue("Retry-After")).isPresent();
                    assertThat(body.path("error").path("message").asText()).startsWith("The gateway is holding as many request bodies");
                }
            }
            assertThat(six.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 200)).isNotEmpty();
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            assertThat(output.toString()).doesNotContain("OutOfMemoryError");
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            try (var files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /** The JVM options the launcher starts the server with when JAVA_OPTS is unset. */
    private static List<String> launcherJavaOptions() throws IOException {
        Matcher options = Pattern.compile("default_java_opts=\"([^\"]+)\"").matcher(Files.readString(Path.of("..", "switchboard")));
        assertThat(options.find()).as("default_java_opts in the launcher").isTrue();
        return List.of(options.group(1).split(" "));
    }
}
