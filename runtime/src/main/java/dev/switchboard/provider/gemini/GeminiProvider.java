package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.Secret;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.TokenCountingProvider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamHttpClient;
import dev.switchboard.provider.UpstreamResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Google's Gemini API (generativelanguage.googleapis.com). Bodies are in Gemini's
 * {@code generateContent} format, written by {@code GeminiDialect}; the model goes in the URL:
 * {@code {base}/models/{model}:generateContent}, or {@code :streamGenerateContent?alt=sse} for a
 * stream (without {@code alt=sse} Gemini streams one growing JSON array instead of events).
 *
 * <p>The API key travels in the {@code x-goog-api-key} header, never as the {@code ?key=} query
 * parameter Google also accepts: URLs end up in logs and error messages, headers do not.
 */
public final class GeminiProvider implements TokenCountingProvider {
    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String models;
    private final Map<String, String> fixedHeaders;
    private final Duration timeout;
    private final UpstreamHttpClient http;

    /**
     * @param baseUrl      the API root up to the version, e.g. {@link #DEFAULT_BASE_URL}; null for that default
     * @param apiKey       sent as {@code x-goog-api-key}; null or blank for none (an authenticating proxy)
     * @param extraHeaders sent with every call
     * @param timeout      as {@link UpstreamHttpClient#post} takes it
     */
    public GeminiProvider(String name, String baseUrl, Secret apiKey, Map<String, String> extraHeaders,
                          Duration timeout, UpstreamHttpClient http) {
        this.name = name;
        String base = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl;
        this.models = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/models/";
        Map<String, String> headers = new HashMap<>(extraHeaders);
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put("x-goog-api-key", apiKey.reveal());
        }
        this.fixedHeaders = Map.copyOf(headers);
        this.timeout = timeout;
        this.http = http;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String catalogProvider() {
        return "gemini";
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.GEMINI;
    }

    @Override
    public UpstreamResponse chat(UpstreamCall call) {
        URI uri = method(call.model(), call.streaming() ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return http.post(uri, headersFor(call.requestId(), call.streaming()), call.body(), call.streaming(), timeout);
    }

    /**
     * Counts the input tokens of a {@code generateContent} body (what {@link #chat} would send)
     * with {@code models/{model}:countTokens}. The body is wrapped as countTokens'
     * {@code generateContentRequest}, so the system instruction and tools are counted too, not
     * only the contents. Gemini answers {@code {"totalTokens": n, ...}}.
     */
    @Override
    public UpstreamResponse countTokens(UpstreamCall call) {
        return http.post(method(call.model(), ":countTokens"), headersFor(call.requestId(), false),
                countTokensBody(call.model(), call.body()), false, timeout);
    }

    private static byte[] countTokensBody(String model, byte[] generateContentBody) {
        try {
            JsonNode request = JSON.readTree(generateContentBody);
            if (request == null || !request.isObject()) {
                throw new IllegalArgumentException("a countTokens call's body must be a generateContent request object");
            }
            ObjectNode wrapped = JSON.createObjectNode();
            // Inside generateContentRequest the model is required, as a resource name.
            wrapped.putObject("generateContentRequest").put("model", "models/" + model).setAll((ObjectNode) request);
            return JSON.writeValueAsBytes(wrapped);
        } catch (IOException e) {
            throw new UncheckedIOException("a countTokens call's body is not JSON", e);
        }
    }

    private URI method(String model, String method) {
        return URI.create(models + pathSegment(model) + method);
    }

    private Map<String, String> headersFor(String requestId, boolean streaming) {
        Map<String, String> headers = new HashMap<>(fixedHeaders);
        headers.put("Accept", streaming ? "text/event-stream" : "application/json");
        headers.put("X-Request-Id", requestId);
        return headers;
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, so a model name cannot reach past its path segment. */
    static String pathSegment(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "GeminiProvider[" + name + " -> " + URI.create(models).getAuthority() + "]";
    }
}
