package dev.switchboard.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.error.RetryAfter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads Google's error shape, {@code {"error": {"code", "message", "status", "details"}}} (or
 * that object wrapped in a one-element array, as non-SSE streams send it), into an
 * {@link GatewayException.UpstreamRejected} keeping Gemini's message. The gRPC status
 * ({@code INVALID_ARGUMENT}, {@code RESOURCE_EXHAUSTED}, ...) becomes the code, and lower-cased
 * the type. The retry delay comes from the {@code Retry-After} header or, as Gemini usually sends
 * it, from a {@code google.rpc.RetryInfo} detail.
 */
final class GeminiErrors {
    // Enough to carry any vendor's explanation; more is a page of HTML, not an error message.
    private static final int MAX_MESSAGE_CHARS = 2000;
    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

    private GeminiErrors() {
    }

    static GatewayException.UpstreamRejected fromResponse(int status, byte[] body, Optional<String> retryAfter) {
        JsonNode error = errorObject(body);
        Optional<Duration> header = retryAfter.flatMap(RetryAfter::parse);
        if (error == null) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return new GatewayException.UpstreamRejected(status,
                    truncate(text.isEmpty() ? "Upstream returned HTTP " + status + " with no message." : text),
                    null, null, null, header.orElse(null));
        }
        return rejected(status, error, header.orElseGet(() -> retryInfo(error)));
    }

    /** The body's {@code error} object, or null when the body is not Google's error shape. */
    private static JsonNode errorObject(byte[] body) {
        try {
            JsonNode root = GeminiDialect.JSON.readTree(body);
            if (root != null && root.isArray()) {
                root = root.path(0);
            }
            return root != null && root.path("error").isObject() ? root.get("error") : null;
        } catch (IOException notJson) {
            // A proxy's HTML page or plain text, relayed as text.
            return null;
        }
    }

    /** An error Gemini sent as an event in a stream whose HTTP status was already 200. */
    static GatewayException.UpstreamRejected fromStreamError(JsonNode error) {
        int code = error.path("code").asInt(0);
        // The status line said 200; the error's own code is the truthful one, when it is an HTTP error code.
        int status = code >= 400 && code <= 599 ? code : 502;
        return rejected(status, error, retryInfo(error));
    }

    private static GatewayException.UpstreamRejected rejected(int status, JsonNode error, Duration retryAfter) {
        String grpcStatus = error.path("status").textValue();
        String message = error.path("message").textValue();
        if (message == null || message.isBlank()) {
            message = "Gemini returned HTTP " + status + (grpcStatus == null ? "" : " " + grpcStatus) + " with no message.";
        }
        return new GatewayException.UpstreamRejected(status, truncate(message),
                grpcStatus == null ? null : grpcStatus.toLowerCase(Locale.ROOT), null, grpcStatus, retryAfter);
    }

    /** The delay of a RetryInfo detail, written as protobuf's JSON duration, e.g. {@code "12s"} or {@code "0.5s"}; null if none. */
    private static Duration retryInfo(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            String delay = detail.path("retryDelay").textValue();
            if (RETRY_INFO.equals(detail.path("@type").textValue()) && delay != null && delay.endsWith("s")) {
                try {
                    BigDecimal seconds = new BigDecimal(delay.substring(0, delay.length() - 1));
                    return seconds.signum() < 0 ? null : Duration.ofMillis(seconds.movePointRight(3).longValue());
                } catch (NumberFormatException malformed) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String truncate(String message) {
        return message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message;
    }
}
