package dev.switchboard.provider.anthropic;

import dev.switchboard.config.Secret;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.KeyScheme;
import dev.switchboard.provider.TokenCountingProvider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamHttpClient;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.provider.UpstreamSite;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code https://api.anthropic.com}, or any endpoint speaking it).
 * Bodies arrive already in Anthropic's format, relayed from an Anthropic client or written by the
 * Anthropic dialect; the provider adds the credentials and protocol headers.
 *
 * <p>{@code anthropic-version} and {@code anthropic-beta} are the client's when it sent them (an
 * Anthropic SDK pins the version its types were generated for, and betas change the body's
 * meaning), else the version this gateway's dialect is written against.
 */
public final class AnthropicProvider implements TokenCountingProvider {
    /** The API version the Anthropic dialect's bodies follow, sent when the client named none. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    private final String name;
    private final UpstreamSite site;
    private final URI messages;
    private final URI countTokens;

    /**
     * @param baseUrl      the API's root without {@code /v1}, e.g. {@code https://api.anthropic.com}
     * @param apiKey       sent as {@code x-api-key}; null or blank sends none (a proxy that adds its own)
     * @param extraHeaders sent with every call, from config
     */
    public AnthropicProvider(String name, String baseUrl, Secret apiKey, Map<String, String> extraHeaders,
                             Duration timeout, UpstreamHttpClient http) {
        this.name = name;
        this.site = new UpstreamSite(name, baseUrl, KeyScheme.header("x-api-key"), apiKey, extraHeaders, timeout, http);
        this.messages = site.uri("/v1/messages");
        this.countTokens = site.uri("/v1/messages/count_tokens");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String catalogProvider() {
        return "anthropic";
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.ANTHROPIC;
    }

    @Override
    public UpstreamResponse chat(UpstreamCall call) {
        return site.post(messages, call, call.streaming(), protocolHeaders(call));
    }

    @Override
    public UpstreamResponse countTokens(UpstreamCall call) {
        return site.post(countTokens, call, false, protocolHeaders(call));
    }

    private static Map<String, String> protocolHeaders(UpstreamCall call) {
        Map<String, String> headers = new HashMap<>(2);
        headers.put("anthropic-version", forwarded(call, "anthropic-version", DEFAULT_VERSION));
        String beta = forwarded(call, "anthropic-beta", null);
        if (beta != null) {
            headers.put("anthropic-beta", beta);
        }
        return headers;
    }

    // Header names are case-insensitive, and the HTTP layer keeps whatever case the client used.
    private static String forwarded(UpstreamCall call, String header, String fallback) {
        for (Map.Entry<String, String> entry : call.headers().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(header)) {
                return entry.getValue();
            }
        }
        return fallback;
    }

    @Override
    public String toString() {
        return "AnthropicProvider[" + name + " -> " + site.authority() + "]";
    }
}
