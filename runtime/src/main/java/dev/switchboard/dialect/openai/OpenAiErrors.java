package dev.switchboard.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.error.RetryAfter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The OpenAI dialect of errors, both ways: {@link #body} renders any {@link GatewayException} as
 * OpenAI's {@code {"error": {"message", "type", "param", "code"}}}, and {@link #fromUpstream}
 * turns an OpenAI-compatible vendor's error response into an {@link GatewayException.UpstreamRejected}
 * that keeps the vendor's status and message.
 */
public final class OpenAiErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Enough to carry any vendor's explanation; more is a page of HTML, not an error message.
    private static final int MAX_MESSAGE_CHARS = 2000;

    private OpenAiErrors() {
    }

    public static byte[] body(GatewayException error) {
        ObjectNode detail = JSON.createObjectNode().put("message", error.getMessage());
        switch (error) {
            case GatewayException.InvalidRequest e -> {
                detail.put("type", "invalid_request_error");
                detail.put("param", e.param().orElse(null));
                detail.putNull("code");
            }
            case GatewayException.Unauthorized e -> {
                detail.put("type", "invalid_request_error").putNull("param");
                detail.put("code", "invalid_api_key");
            }
            case GatewayException.Forbidden e ->
                    detail.put("type", "permission_error").putNull("param").put("code", "permission_denied");
            case GatewayException.BudgetExceeded e ->
                    detail.put("type", "insufficient_quota").putNull("param").put("code", "budget_exceeded");
            case GatewayException.RateLimited e ->
                    detail.put("type", "rate_limit_error").putNull("param").put("code", "rate_limit_exceeded");
            case GatewayException.ModelNotFound e -> {
                detail.put("type", "invalid_request_error").put("param", "model").put("code", "model_not_found");
                detail.set("suggestions", JSON.valueToTree(e.suggestions()));
            }
            case GatewayException.NotFound e ->
                    detail.put("type", "not_found_error").putNull("param").put("code", "not_found");
            case GatewayException.Conflict e ->
                    detail.put("type", "invalid_request_error").putNull("param").put("code", "conflict");
            case GatewayException.UnknownEndpoint e ->
                    detail.put("type", "invalid_request_error").putNull("param").put("code", "unknown_url");
            case GatewayException.MalformedHttp e ->
                    detail.put("type", "invalid_request_error").putNull("param").putNull("code");
            case GatewayException.PayloadTooLarge e ->
                    detail.put("type", "invalid_request_error").putNull("param").put("code", "request_too_large");
            case GatewayException.UnsupportedMediaType e ->
                    detail.put("type", "invalid_request_error").put("param", "file").put("code", "unsupported_file");
            case GatewayException.UpstreamRejected e -> {
                detail.put("type", e.type().orElse(typeForStatus(e.status())));
                detail.put("param", e.param().orElse(null));
                detail.put("code", e.code().orElse(null));
            }
            case GatewayException.UpstreamCredentialsRejected e ->
                    detail.put("type", "upstream_error").putNull("param").put("code", "upstream_credentials_rejected");
            case GatewayException.UpstreamUnavailable e ->
                    detail.put("type", "upstream_error").putNull("param").put("code", "upstream_unavailable");
            case GatewayException.UpstreamTimeout e ->
                    detail.put("type", "timeout_error").putNull("param").put("code", "upstream_timeout");
            case GatewayException.Unavailable e ->
                    detail.put("type", "service_unavailable").putNull("param").putNull("code");
        }
        return bytes(JSON.createObjectNode().set("error", detail));
    }

    /** The body of a generic 500, for failures that are the gateway's own bug. */
    public static byte[] internalError(String requestId) {
        ObjectNode detail = JSON.createObjectNode()
                .put("message", "The server had an error while processing your request (request id " + requestId + ").")
                .put("type", "server_error").putNull("param").putNull("code");
        return bytes(JSON.createObjectNode().set("error", detail));
    }

    /** Reads an upstream error response in whichever of the common shapes the vendor used. */
    public static GatewayException.UpstreamRejected fromUpstream(int status, byte[] body, Optional<String> retryAfter) {
        String message = null;
        String type = null;
        String param = null;
        String code = null;
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root != null && root.isArray() && !root.isEmpty() ? root.get(0).path("error") : root == null ? null : root.path("error");
            if (error != null && error.isObject()) {
                message = textOrNull(error.path("message"));
                type = textOrNull(error.path("type"));
                param = textOrNull(error.path("param"));
                code = error.path("code").isValueNode() && !error.path("code").isNull() ? error.path("code").asText() : null;
            } else if (error != null && error.isTextual()) {
                message = error.asText();
            } else if (root != null) {
                message = textOrNull(root.path("message"));
                if (message == null) {
                    message = textOrNull(root.path("detail"));
                }
            }
        } catch (IOException notJson) {
            // Fall through to the raw text below.
        }
        if (message == null) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            message = text.isEmpty() ? "Upstream returned HTTP " + status + " with no message." : text;
        }
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
        }
        return new GatewayException.UpstreamRejected(status, message, type, param, code, retryAfter.flatMap(RetryAfter::parse).orElse(null));
    }

    private static String typeForStatus(int status) {
        return switch (status) {
            case 401, 403 -> "authentication_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
