package dev.switchboard.dialect.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.error.GatewayException;
import dev.switchboard.testing.GeminiWire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeminiErrorDecodingTest {
    private final GeminiDialect dialect = new GeminiDialect();

    @Test
    void an_invalid_argument_keeps_geminis_message_and_status_name() {
        GatewayException.UpstreamRejected rejected = dialect.decodeError(400,
                GeminiWire.bytes("error-invalid-argument.json"), Optional.empty());

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected).hasMessage("* GenerateContentRequest.contents: contents is not specified\n");
        assertThat(rejected.type()).contains("invalid_argument");
        assertThat(rejected.code()).contains("INVALID_ARGUMENT");
        assertThat(rejected.param()).isEmpty();
        assertThat(rejected.retryAfter()).isEmpty();
        assertThat(rejected.retryable()).isFalse();
    }

    @Test
    void an_exhausted_quota_takes_its_retry_delay_from_the_retry_info_detail() {
        GatewayException.UpstreamRejected rejected = dialect.decodeError(429,
                GeminiWire.bytes("error-quota-exhausted.json"), Optional.empty());

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.type()).contains("resource_exhausted");
        assertThat(rejected.getMessage()).startsWith("You exceeded your current quota");
        assertThat(rejected.retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(rejected.retryable()).isTrue();
    }

    @Test
    void a_retry_after_header_wins_over_the_retry_info_detail() {
        GatewayException.UpstreamRejected rejected = dialect.decodeError(429,
                GeminiWire.bytes("error-quota-exhausted.json"), Optional.of("30"));

        assertThat(rejected.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void the_error_wrapped_in_an_array_is_read_too() {
        GatewayException.UpstreamRejected rejected = dialect.decodeError(400,
                GeminiWire.bytes("error-api-key-invalid-array.json"), Optional.empty());

        assertThat(rejected).hasMessage("API key not valid. Please pass a valid API key.");
        assertThat(rejected.code()).contains("INVALID_ARGUMENT");
    }

    @Test
    void a_body_that_is_not_googles_error_shape_is_relayed_as_text() {
        GatewayException.UpstreamRejected rejected = dialect.decodeError(502,
                "<html><body>Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8), Optional.of("5"));

        assertThat(rejected).hasMessage("<html><body>Bad Gateway</body></html>");
        assertThat(rejected.type()).isEmpty();
        assertThat(rejected.retryAfter()).contains(Duration.ofSeconds(5));
    }

    @Test
    void an_empty_body_says_which_status_came_back() {
        GatewayException.UpstreamRejected rejected = dialect.decodeError(503, new byte[0], Optional.empty());

        assertThat(rejected).hasMessage("Upstream returned HTTP 503 with no message.");
    }
}
