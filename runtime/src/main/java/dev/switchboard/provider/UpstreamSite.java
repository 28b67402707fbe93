package dev.switchboard.provider;

import dev.switchboard.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where and how a provider reaches its vendor: the base URL, the headers every call carries
 * (the credential among them), the timeout, and the shared HTTP client. A provider adds only its
 * paths and its protocol's own headers.
 */
public final class UpstreamSite {
    private final String base;
    private final Map<String, String> fixedHeaders;
    private final Duration timeout;
    private final UpstreamHttpClient http;

    /**
     * @param baseUrl      the vendor's base URL; a trailing slash is ignored
     * @param authHeader   the header that carries the credential, e.g. {@code Authorization}
     * @param authValue    the credential as that header wants it ({@code Bearer ...}); null sends none (a proxy adds its own)
     * @param extraHeaders sent with every call, from config
     */
    public UpstreamSite(String baseUrl, String authHeader, Secret authValue, Map<String, String> extraHeaders,
                        Duration timeout, UpstreamHttpClient http) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        Map<String, String> headers = new HashMap<>(extraHeaders);
        if (authValue != null && !authValue.isBlank()) {
            headers.put(authHeader, authValue.reveal());
        }
        this.fixedHeaders = Map.copyOf(headers);
        this.timeout = timeout;
        this.http = http;
    }

    /** The base URL followed by {@code path}, which starts with a slash. */
    public URI uri(String path) {
        return URI.create(base + path);
    }

    /**
     * POSTs a call's body to {@code uri} with the fixed headers, {@code protocolHeaders}, the
     * request id and an {@code Accept} that matches {@code streaming}.
     */
    public UpstreamResponse post(URI uri, UpstreamCall call, boolean streaming, Map<String, String> protocolHeaders) {
        Map<String, String> headers = new HashMap<>(fixedHeaders);
        headers.putAll(protocolHeaders);
        headers.put("Accept", streaming ? "text/event-stream" : "application/json");
        headers.put("X-Request-Id", call.requestId());
        return http.post(uri, headers, call.body(), streaming, timeout, call.control());
    }

    /** Host and port, for {@code toString}s that must not show paths or keys. */
    public String authority() {
        return URI.create(base).getAuthority();
    }
}
