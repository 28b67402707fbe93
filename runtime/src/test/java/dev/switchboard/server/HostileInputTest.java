package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.RecordedUsage;
import dev.switchboard.testing.RunningGateway;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Requests built to break the gateway (issue 13): each gets a 4xx in its client's JSON error shape,
 * never a 500, a stack trace or an echo of what was sent, and the gateway answers {@code /health}
 * afterwards.
 */
class HostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_HI = "[{\"role\":\"user\",\"content\":\"hi\"}]";
    // Jackson refuses documents nested more than 1,000 levels deep.
    private static final String TOO_DEEP = "[".repeat(1_500) + "]".repeat(1_500);
    private static final String MEGABYTE_NAME = "m".repeat(1 << 20);
    private static final RecordedUsage USAGE = new RecordedUsage();
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start("", USAGE);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void the_gateway_is_still_healthy() {
        assertThat(gateway.get("/health").statusCode()).isEqualTo(200);
    }

    /** Every endpoint that reads a JSON body, with the shape its errors take. */
    enum Endpoint {
        CHAT_COMPLETIONS("/v1/chat/completions", "{\"model\":\"mock\",\"messages\":" + USER_HI + ",%s}", false),
        MESSAGES("/v1/messages", "{\"model\":\"mock\",\"max_tokens\":16,\"messages\":" + USER_HI + ",%s}", true),
        COUNT_TOKENS("/v1/messages/count_tokens", "{\"model\":\"mock\",\"messages\":" + USER_HI + ",%s}", true),
        EMBEDDINGS("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"hi\",%s}", false),
        ROUTE("/v1/route", "{\"model\":\"auto\",\"messages\":" + USER_HI + ",%s}", false);

        final String path;
        final String template;
        final boolean anthropic;

        Endpoint(String path, String template, boolean anthropic) {
            this.path = path;
            this.template = template;
            this.anthropic = anthropic;
        }

        /** A valid body of this endpoint with one more field, {@code extraField} ({@code "name": value}). */
        String body(String extraField) {
            return template.formatted(extraField);
        }

        HttpResponse<String> post(String body) {
            return anthropic
                    ? gateway.post(path, body, "anthropic-version", "2023-06-01")
                    : gateway.post(path, body);
        }

        /** The error's message, after checking the body has this endpoint's error shape. */
        String errorMessage(HttpResponse<String> response) {
            JsonNode root = json(response.body());
            if (anthropic) {
                assertThat(root.path("type").asText()).isEqualTo("error");
                assertThat(root.path("error").path("type").asText()).isEqualTo("invalid_request_error");
            } else {
                assertThat(root.path("error").path("type").asText()).isEqualTo("invalid_request_error");
            }
            return root.path("error").path("message").asText();
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void json_nested_a_thousand_levels_deep_is_a_400_and_one_log_line_not_a_500_and_a_stack_trace(Endpoint endpoint) {
        List<ILoggingEvent> logged = logged(() -> endpoint.post(endpoint.body("\"deep\":" + TOO_DEEP)), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(endpoint.errorMessage(response))
                    .isEqualTo("We could not parse the JSON body of your request: "
                            + "Document nesting depth (1001) exceeds the maximum allowed (1000).");
        });

        assertThat(logged).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
        assertThat(logged).noneMatch(event -> event.getThrowableProxy() != null);
    }

    @Test
    void a_tool_schema_just_within_the_depth_limit_that_translation_would_nest_past_it_is_a_400_not_a_500() {
        // The schema's innermost value sits at depth 1,000 of the Messages body, the parser's limit; in
        // OpenAI's form, for the mock, the schema moves one level deeper.
        String schema = "{\"a\":".repeat(997) + "1" + "}".repeat(997);

        HttpResponse<String> response = Endpoint.MESSAGES.post(Endpoint.MESSAGES.body(
                "\"tools\":[{\"name\":\"f\",\"input_schema\":" + schema + "}]"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Endpoint.MESSAGES.errorMessage(response)).isEqualTo("The request cannot be translated for this model's provider: "
                + "in the provider's format it would be nested more than 1,000 levels deep.");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void a_megabyte_model_name_is_a_400_naming_the_limit_and_is_neither_echoed_nor_logged_nor_recorded(Endpoint endpoint) {
        String body = endpoint.body("\"x\":1").replaceFirst("\"model\":\"[^\"]*\"", "\"model\":\"" + MEGABYTE_NAME + "\"");
        AtomicReference<HttpResponse<String>> sent = new AtomicReference<>();

        List<ILoggingEvent> logged = logged(() -> endpoint.post(body), response -> {
            sent.set(response);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(endpoint.errorMessage(response)).isEqualTo("'model' is 1048576 characters long; at most 256 are allowed.");
            assertThat(response.body().length()).isLessThan(1_000);
        });

        assertThat(logged).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("m".repeat(300)));
        if (endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.EMBEDDINGS) {
            assertThat(USAGE.of(sent.get().headers().firstValue("x-request-id").orElseThrow()).requestedModel()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"CHAT_COMPLETIONS", "MESSAGES"})
    void an_end_user_id_longer_than_256_characters_is_a_400_naming_it(Endpoint endpoint) {
        String field = endpoint.anthropic ? "\"metadata\":{\"user_id\":\"%s\"}" : "\"user\":\"%s\"";

        HttpResponse<String> tooLong = endpoint.post(endpoint.body(field.formatted("u".repeat(257))));
        HttpResponse<String> longest = endpoint.post(endpoint.body(field.formatted("u".repeat(256))));

        assertThat(tooLong.statusCode()).isEqualTo(400);
        String name = endpoint.anthropic ? "metadata.user_id" : "user";
        assertThat(endpoint.errorMessage(tooLong)).isEqualTo("'" + name + "' is 257 characters long; at most 256 are allowed.");
        assertThat(longest.statusCode()).isEqualTo(200);
    }

    @Test
    void a_tag_too_long_for_the_ledger_is_a_400_rather_than_cut_to_count_against_another_run() {
        String body = Endpoint.CHAT_COMPLETIONS.body("\"x\":1");

        HttpResponse<String> tooLong = gateway.post("/v1/chat/completions", body, "x-switchboard-tag", "t".repeat(201));
        HttpResponse<String> longest = gateway.post("/v1/chat/completions", body, "x-switchboard-tag", "t".repeat(200));

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(Endpoint.CHAT_COMPLETIONS.errorMessage(tooLong))
                .isEqualTo("'x-switchboard-tag' is 201 characters long; at most 200 are allowed.");
        assertThat(longest.statusCode()).isEqualTo(200);
        assertThat(USAGE.of(longest.headers().firstValue("x-request-id").orElseThrow()).attribution().tag()).hasSize(200);
    }

    @Test
    void an_overlong_model_in_a_url_or_a_fallback_header_is_a_400_not_a_404_quoting_it() {
        HttpResponse<String> path = gateway.get("/v1/models/" + "m".repeat(300));
        HttpResponse<String> fallback = gateway.post("/v1/chat/completions", Endpoint.CHAT_COMPLETIONS.body("\"x\":1"),
                "x-switchboard-fallbacks", "m".repeat(300));

        assertThat(path.statusCode()).isEqualTo(400);
        assertThat(Endpoint.CHAT_COMPLETIONS.errorMessage(path)).isEqualTo("'model' is 300 characters long; at most 256 are allowed.");
        assertThat(fallback.statusCode()).isEqualTo(400);
        assertThat(json(fallback.body()).path("error").path("param").asText()).isEqualTo("x-switchboard-fallbacks");
    }

    @Test
    void a_bad_value_is_quoted_by_its_first_characters_only() {
        String role = "r".repeat(1 << 20);

        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"mock\",\"messages\":[{\"role\":\"" + role + "\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Endpoint.CHAT_COMPLETIONS.errorMessage(response))
                .startsWith("Invalid value: '" + "r".repeat(64) + "... (1048576 characters)'. Supported values are:");
    }

    /** Requests Jetty refuses before any endpoint runs, each with the status it gets. */
    enum BrokenHttp {
        HEADER_OF_64_KB(431, "GET /v1/models HTTP/1.1\r\nHost: gateway\r\nX-Padding: " + "a".repeat(64 * 1024) + "\r\n\r\n"),
        HEADER_LINE_WITHOUT_A_COLON(400, "GET /v1/models HTTP/1.1\r\nHost: gateway\r\nNot a header line\r\n\r\n"),
        CONTROL_CHARACTER_IN_A_HEADER(400, "GET /v1/models HTTP/1.1\r\nHost: gateway\r\nX-Bad: \u0001\r\n\r\n"),
        TWO_CONTENT_LENGTHS(400, "POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
        URI_OF_64_KB(414, "GET /v1/models/" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: gateway\r\n\r\n"),
        NOT_HTTP_AT_ALL(400, "HELLO\r\n\r\n");

        final int status;
        final String request;

        BrokenHttp(int status, String request) {
            this.status = status;
            this.request = request;
        }
    }

    @ParameterizedTest
    @EnumSource(BrokenHttp.class)
    void a_request_jetty_refuses_is_answered_in_openai_json_not_an_html_page(BrokenHttp broken) throws IOException {
        RawResponse response = RawResponse.exchange(broken.request);

        assertThat(response.status()).isEqualTo(broken.status);
        assertThat(response.header("content-type")).isEqualTo("application/json");
        assertThat(response.header("x-request-id")).startsWith("req_");
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isNotBlank().doesNotContain("<");
    }

    @Test
    void an_anthropic_client_whose_headers_are_too_large_gets_anthropics_error_shape() throws IOException {
        RawResponse response = RawResponse.exchange("POST /v1/messages HTTP/1.1\r\nHost: gateway\r\nanthropic-version: 2023-06-01\r\n"
                + "X-Padding: " + "a".repeat(64 * 1024) + "\r\n\r\n");

        assertThat(response.status()).isEqualTo(431);
        JsonNode root = json(response.body());
        assertThat(root.path("type").asText()).isEqualTo("error");
        assertThat(root.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(root.path("error").path("message").asText())
                .isEqualTo("The request's header fields are too large: the request line and headers may take at most 8192 bytes.");
    }

    /** One HTTP/1.1 exchange over a plain socket, for requests no HTTP client would send. */
    private record RawResponse(int status, Map<String, String> headers, String body) {
        static RawResponse exchange(String request) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", gateway.gateway().port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                // Jetty answers these with Connection: close, so the reply ends where the stream does.
                String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int end = reply.indexOf("\r\n\r\n");
                String[] lines = reply.substring(0, end).split("\r\n");
                Map<String, String> headers = new HashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
                return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, reply.substring(end + 4));
            }
        }

        String header(String name) {
            return headers.getOrDefault(name, "");
        }
    }

    private interface ResponseCheck {
        void check(HttpResponse<String> response);
    }

    /** What the gateway logs while {@code send} runs; {@code check} sees the response. */
    private static List<ILoggingEvent> logged(Supplier<HttpResponse<String>> send, ResponseCheck check) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            check.check(send.get());
        } finally {
            root.detachAppender(logs);
        }
        return logs.list;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
