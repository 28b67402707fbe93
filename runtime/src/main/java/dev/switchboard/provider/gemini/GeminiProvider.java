package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.Secret;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.KeyScheme;
import dev.switchboard.provider.TokenCountingProvider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamHttpClient;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.provider.UpstreamSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    // Gemini answers a wrong or revoked key with 400 INVALID_ARGUMENT, this reason in an ErrorInfo detail.
    private static final String KEY_REFUSED = "API_KEY_INVALID";

    private final String name;
    private final UpstreamSite site;

    /**
     * @param baseUrl      the API root up to the version, e.g. {@link #DEFAULT_BASE_URL}; null for that default
     * @param apiKey       sent as {@code x-goog-api-key}; null or blank for none (an authenticating proxy)
     * @param extraHeaders sent with every call
     * @param timeout      as {@link UpstreamHttpClient#post} takes it
     */
    public GeminiProvider(String name, String baseUrl, Secret apiKey, Map<String, String> extraHeaders,
                          Duration timeout, UpstreamHttpClient http) {
        this.name = name;
        this.site = new UpstreamSite(name, baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl,
                KeyScheme.header("x-goog-api-key").refusedWith(KEY_REFUSED), apiKey, extraHeaders, timeout, http);
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
        return site.post(uri, call, call.streaming(), Map.of());
    }

    /**
     * Counts the input tokens of a {@code generateContent} body (what {@link #chat} would send)
     * with {@code models/{model}:countTokens}. The body is wrapped as countTokens'
     * {@code generateContentRequest}, so the system instruction and tools are counted too, not
     * only the contents. Gemini answers {@code {"totalTokens": n, ...}}.
     */
    @Override
    public UpstreamResponse countTokens(UpstreamCall call) {
        UpstreamCall wrapped = new UpstreamCall(call.model(), countTokensBody(call.model(), call.body()), false, call.requestId(),
                call.headers(), call.control(), call.credential());
        return site.post(method(call.model(), ":countTokens"), wrapped, false, Map.of());
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
        return site.uri("/models/" + pathSegment(model) + method);
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
        return "GeminiProvider[" + name + " -> " + site.authority() + "]";
    }
}
