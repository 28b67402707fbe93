package dev.switchboard.provider;

import dev.switchboard.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where and how a provider reaches its vendor: the base URL, the headers every call carries
 * (the credential among them), the timeout, and the shared HTTP client. A provider adds only its
 * paths and its protocol's own headers. A call that carries a team's own credential (BYOK) sends
 * it in the same header, in the same form, instead of the gateway's.
 */
public final class UpstreamSite {
    private final String provider;
    private final String base;
    private final String authHeader;
    private final String authScheme;
    private final Map<String, String> fixedHeaders;
    private final Duration timeout;
    private final UpstreamHttpClient http;

    /**
     * @param provider     the provider's name in config, which error messages give instead of the URL
     * @param baseUrl      the vendor's base URL; a trailing slash is ignored
     * @param authHeader   the header that carries the credential, e.g. {@code Authorization}
     * @param authScheme   what goes before the key in that header, e.g. {@code "Bearer "}; {@code ""} for the bare key
     * @param apiKey       the gateway's key; null sends none (a proxy adds its own)
     * @param extraHeaders sent with every call, from config
     */
    public UpstreamSite(String provider, String baseUrl, String authHeader, String authScheme, Secret apiKey, Map<String, String> extraHeaders,
                        Duration timeout, UpstreamHttpClient http) {
        this.provider = provider;
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authHeader = authHeader;
        this.authScheme = authScheme;
        Map<String, String> headers = new HashMap<>(extraHeaders);
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put(authHeader, authScheme + apiKey.reveal());
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
     * request id and an {@code Accept} that matches {@code streaming}; the call's own credential,
     * when it has one, replaces the gateway's.
     */
    public UpstreamResponse post(URI uri, UpstreamCall call, boolean streaming, Map<String, String> protocolHeaders) {
        Map<String, String> headers = new HashMap<>(fixedHeaders);
        headers.putAll(protocolHeaders);
        if (call.credential() != null) {
            // Header names are case-insensitive: a configured extra header of another case must not survive beside it.
            headers.keySet().removeIf(name -> name.equalsIgnoreCase(authHeader));
            headers.put(authHeader, authScheme + call.credential().reveal());
        }
        headers.put("Accept", streaming ? "text/event-stream" : "application/json");
        headers.put("X-Request-Id", call.requestId());
        String upstream = "provider '" + provider + "' (deployment " + provider + "/" + call.model() + ")";
        return http.post(uri, upstream, headers, call.body(), streaming, timeout, call.control());
    }

    /** Host and port, for {@code toString}s that must not show paths or keys. */
    public String authority() {
        return URI.create(base).getAuthority();
    }
}
