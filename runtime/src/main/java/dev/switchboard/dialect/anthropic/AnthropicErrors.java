package dev.switchboard.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.error.RetryAfter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Anthropic dialect of errors, both ways: {@link #body} renders any {@link GatewayException}
 * as Anthropic's {@code {"type":"error","error":{"type","message"}}} (the HTTP layer uses it for
 * every error on {@code /v1/messages}), and {@link #fromUpstream} reads Anthropic's error
 * responses into an {@link GatewayException.UpstreamRejected} that keeps the status, type and
 * message.
 *
 * <p>Anthropic's error types correspond one-to-one to HTTP statuses, and its SDKs choose the
 * exception class by status; the type is for people reading the body.
 */
public final class AnthropicErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Enough to carry any vendor's explanation; more is a page of HTML, not an error message.
    private static final int MAX_MESSAGE_CHARS = 2000;

    private AnthropicErrors() {
    }

    /** The error body Anthropic would send for this failure. */
    public static byte[] body(GatewayException error) {
        return body(type(error), error.getMessage());
    }

    /** The body of a generic 500, for failures that are the gateway's own bug. */
    public static byte[] internalError(String requestId) {
        return body("api_error", "Internal server error (request id " + requestId + ").");
    }

    /**
     * Anthropic's error type for a failure. An upstream's own type is kept when it is one of
     * Anthropic's; another vendor's type (OpenAI's {@code server_error}, ...) would mean nothing to an
     * Anthropic client, so it is replaced by the type of the status.
     */
    public static String type(GatewayException error) {
        return switch (error) {
            case GatewayException.InvalidRequest e -> "invalid_request_error";
            case GatewayException.Unauthorized e -> "authentication_error";
            case GatewayException.Forbidden e -> "permission_error";
            case GatewayException.BudgetExceeded e -> "billing_error";
            case GatewayException.RateLimited e -> "rate_limit_error";
            case GatewayException.ModelNotFound e -> "not_found_error";
            case GatewayException.UnknownEndpoint e -> "not_found_error";
            case GatewayException.NotFound e -> "not_found_error";
            case GatewayException.Conflict e -> "invalid_request_error";
            case GatewayException.MalformedHttp e -> typeOf(e.status());
            case GatewayException.PayloadTooLarge e -> "request_too_large";
            case GatewayException.UnsupportedMediaType e -> "invalid_request_error";
            case GatewayException.UpstreamRejected e ->
                    e.type().filter(type -> statusOf(type) != 0).orElse(typeOf(e.status()));
            case GatewayException.UpstreamCredentialsRejected e -> "api_error";
            case GatewayException.UpstreamUnavailable e -> "api_error";
            case GatewayException.UpstreamTimeout e -> "timeout_error";
            case GatewayException.Unavailable e -> "api_error";
        };
    }

    /** Reads an error response from an Anthropic-format upstream. */
    public static GatewayException.UpstreamRejected fromUpstream(int status, byte[] body, Optional<String> retryAfter) {
        String message = null;
        String type = null;
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root == null ? null : root.path("error");
            if (error != null && error.isObject()) {
                message = error.path("message").isTextual() ? error.path("message").asText() : null;
                type = error.path("type").isTextual() ? error.path("type").asText() : null;
            }
        } catch (IOException notJson) {
            // A proxy's HTML page or plain text: relayed as text below.
        }
        if (message == null) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            message = text.isEmpty() ? "Upstream returned HTTP " + status + " with no message." : text;
        }
        return new GatewayException.UpstreamRejected(status, truncate(message), type, null, null,
                retryAfter.flatMap(RetryAfter::parse).orElse(null));
    }

    /**
     * Reads the data of an {@code error} event inside an Anthropic stream. The stream's HTTP status
     * was already 200, so the status comes from the error's type.
     */
    static GatewayException.UpstreamRejected fromStreamError(JsonNode data) {
        JsonNode error = data.path("error");
        String type = error.path("type").isTextual() ? error.path("type").asText() : "api_error";
        String message = error.path("message").isTextual() ? error.path("message").asText() : "The upstream stream reported an error.";
        int status = statusOf(type);
        return new GatewayException.UpstreamRejected(status == 0 ? 500 : status, truncate(message), type, null, null, null);
    }

    /** The HTTP status Anthropic sends with an error type; 0 for a type that is not Anthropic's. */
    static int statusOf(String type) {
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "api_error" -> 500;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 0;
        };
    }

    /** The error type Anthropic uses for a status (its docs: other 4xx are invalid_request_error). */
    static String typeOf(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private static byte[] body(String type, String message) {
        ObjectNode root = JSON.createObjectNode().put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String truncate(String message) {
        return message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message;
    }
}
