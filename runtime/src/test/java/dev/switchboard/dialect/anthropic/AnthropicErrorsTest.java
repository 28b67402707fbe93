package dev.switchboard.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.error.GatewayException;
import dev.switchboard.testing.AnthropicWire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicErrorsTest {
    private final AnthropicDialect dialect = new AnthropicDialect();

    private static String body(GatewayException error) {
        return new String(AnthropicErrors.body(error), StandardCharsets.UTF_8);
    }

    @Test
    void a_gateway_error_is_rendered_in_anthropics_error_shape() {
        assertThat(body(new GatewayException.InvalidRequest("max_tokens: Field required", "max_tokens")))
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: Field required\"}}");
    }

    @Test
    void each_gateway_error_gets_the_anthropic_type_of_its_status() {
        assertThat(AnthropicErrors.type(new GatewayException.Unauthorized("no key"))).isEqualTo("authentication_error");
        assertThat(AnthropicErrors.type(new GatewayException.ModelNotFound("claude-9", List.of(), null))).isEqualTo("not_found_error");
        assertThat(AnthropicErrors.type(new GatewayException.UnknownEndpoint("GET", "/v2"))).isEqualTo("not_found_error");
        assertThat(AnthropicErrors.type(new GatewayException.PayloadTooLarge(10))).isEqualTo("request_too_large");
        assertThat(AnthropicErrors.type(new GatewayException.UpstreamUnavailable("down"))).isEqualTo("api_error");
        assertThat(AnthropicErrors.type(new GatewayException.UpstreamTimeout("slow"))).isEqualTo("timeout_error");
        assertThat(AnthropicErrors.type(new GatewayException.Unavailable("draining"))).isEqualTo("api_error");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"400, invalid_request_error", "401, authentication_error", "402, billing_error", "403, permission_error",
            "404, not_found_error", "413, request_too_large", "422, invalid_request_error", "429, rate_limit_error",
            "500, api_error", "502, api_error", "504, timeout_error", "529, overloaded_error"})
    void another_vendors_error_type_is_replaced_by_the_anthropic_type_of_its_status(int status, String type) {
        assertThat(AnthropicErrors.type(new GatewayException.UpstreamRejected(status, "x", "server_error", null, null, null))).isEqualTo(type);
        assertThat(AnthropicErrors.statusOf(type)).isIn(status, 400, 500);
    }

    @Test
    void an_anthropic_upstreams_own_type_is_kept_when_relaying() {
        GatewayException.UpstreamRejected overloaded = dialect.decodeError(529, AnthropicWire.bytes("error-overloaded.json"), Optional.empty());

        assertThat(body(overloaded)).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        assertThat(overloaded.retryable()).isTrue();
    }

    @Test
    void an_upstream_error_keeps_its_status_type_message_and_retry_after() {
        GatewayException.UpstreamRejected error = dialect.decodeError(400, AnthropicWire.bytes("error-invalid-request.json"), Optional.of("7"));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.type()).contains("invalid_request_error");
        assertThat(error.getMessage()).isEqualTo("max_tokens: Field required");
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void a_non_json_upstream_error_is_relayed_as_its_text() {
        GatewayException.UpstreamRejected error = dialect.decodeError(502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8), Optional.empty());

        assertThat(error.getMessage()).isEqualTo("<html>Bad Gateway</html>");
        assertThat(error.type()).isEmpty();
        assertThat(AnthropicErrors.type(error)).isEqualTo("api_error");
    }

    @Test
    void an_empty_upstream_error_says_so() {
        assertThat(dialect.decodeError(503, new byte[0], Optional.empty()).getMessage()).isEqualTo("Upstream returned HTTP 503 with no message.");
    }

    @Test
    void the_internal_error_body_names_the_request_id_only() {
        assertThat(new String(AnthropicErrors.internalError("req-9"), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error (request id req-9).\"}}");
    }
}
