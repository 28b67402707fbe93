package dev.switchboard.provider;

import dev.switchboard.config.Secret;
import dev.switchboard.error.GatewayException;
import dev.switchboard.relay.Bytes;
import dev.switchboard.relay.UpstreamBodies;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where and how a provider reaches its vendor: the base URL, the headers every call carries
 * (the credential among them), the timeout, and the shared HTTP client. A provider adds only its
 * paths and its protocol's own headers. A call that carries a team's own credential (BYOK) sends
 * it in the same header, in the same form, instead of the gateway's.
 *
 * <p>Because the site attaches the credential, it is also where the upstream's verdict on that
 * credential is read: a 401 or 403 means the key the gateway sent was refused, which is the
 * gateway's (or the team's) configuration to fix, never the caller's. Every provider's every call
 * (chat, embeddings, token counting) comes through here, so none can relay that status as if the
 * caller's own key were wrong.
 */
public final class UpstreamSite {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamSite.class);

    private final String provider;
    private final String base;
    private final KeyScheme scheme;
    private final Map<String, String> fixedHeaders;
    private final Duration timeout;
    private final UpstreamHttpClient http;
    private final byte[] keyRefusalReason;

    /**
     * @param provider     the provider's name in config, which error messages give instead of the URL
     * @param baseUrl      the vendor's base URL; a trailing slash is ignored
     * @param scheme       how the vendor takes its key and refuses one
     * @param apiKey       the gateway's key; null sends none (a proxy adds its own)
     * @param extraHeaders sent with every call, from config
     */
    public UpstreamSite(String provider, String baseUrl, KeyScheme scheme, Secret apiKey, Map<String, String> extraHeaders,
                        Duration timeout, UpstreamHttpClient http) {
        this.provider = provider;
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.scheme = scheme;
        Map<String, String> headers = new HashMap<>(extraHeaders);
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put(scheme.header(), scheme.prefix() + apiKey.reveal());
        }
        this.fixedHeaders = Map.copyOf(headers);
        this.timeout = timeout;
        this.http = http;
        this.keyRefusalReason = scheme.refusalReason() == null ? null
                : ('"' + scheme.refusalReason() + '"').getBytes(StandardCharsets.US_ASCII);
    }

    /** The base URL followed by {@code path}, which starts with a slash. */
    public URI uri(String path) {
        return URI.create(base + path);
    }

    /**
     * POSTs a call's body to {@code uri} with the fixed headers, {@code protocolHeaders}, the
     * request id and an {@code Accept} that matches {@code streaming}; the call's own credential,
     * when it has one, replaces the gateway's.
     *
     * @throws GatewayException.UpstreamCredentialsRejected when the upstream answers 401 or 403, or refuses the key in a 400
     */
    public UpstreamResponse post(URI uri, UpstreamCall call, boolean streaming, Map<String, String> protocolHeaders) {
        Map<String, String> headers = new HashMap<>(fixedHeaders);
        headers.putAll(protocolHeaders);
        if (call.credential() != null) {
            // Header names are case-insensitive: a configured extra header of another case must not survive beside it.
            headers.keySet().removeIf(name -> name.equalsIgnoreCase(scheme.header()));
            headers.put(scheme.header(), scheme.prefix() + call.credential().reveal());
        }
        headers.put("Accept", streaming ? "text/event-stream" : "application/json");
        headers.put("X-Request-Id", call.requestId());
        String deployment = provider + "/" + call.model();
        UpstreamResponse response = http.post(uri, "provider '" + provider + "' (deployment " + deployment + ")", headers, call.body(),
                streaming, timeout, call.control());
        if (response.status() == 401 || response.status() == 403) {
            // The upstream's own message is not relayed: some vendors quote part of the key they refused.
            response.close();
            throw keyRefused(call, deployment, response.status());
        }
        if (response.status() == 400 && keyRefusalReason != null) {
            // The body must be read to tell a refused key from a bad request; an error body is small, and is kept for the caller.
            byte[] error = UpstreamBodies.readError(response.body());
            response.close();
            if (Bytes.contains(error, keyRefusalReason)) {
                throw keyRefused(call, deployment, 400);
            }
            return new ReadError(response, error);
        }
        return response;
    }

    private GatewayException keyRefused(UpstreamCall call, String deployment, int status) {
        boolean teamKey = call.credential() != null;
        LOG.warn("Provider {} refused the {} key with HTTP {} for deployment {}", provider,
                teamKey ? "calling team's stored" : "gateway's", status, deployment);
        return new GatewayException.UpstreamCredentialsRejected(provider, deployment, teamKey, status);
    }

    /** An error answer whose body was read to look for a refused key: the same head, the body from memory. */
    private record ReadError(UpstreamResponse head, byte[] error) implements UpstreamResponse {
        @Override
        public int status() {
            return head.status();
        }

        @Override
        public Optional<String> header(String name) {
            return head.header(name);
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(error);
        }

        @Override
        public void close() {
            // The upstream's connection was released when the body was read.
        }
    }

    /** Host and port, for {@code toString}s that must not show paths or keys. */
    public String authority() {
        return URI.create(base).getAuthority();
    }
}
