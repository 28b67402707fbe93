package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.RunningGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start("");
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
