package dev.switchboard.provider.openai;

import dev.switchboard.config.Secret;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.EmbeddingsProvider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamHttpClient;
import dev.switchboard.provider.UpstreamResponse;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Any vendor that speaks OpenAI's chat-completions protocol: OpenAI itself, DeepSeek, Groq,
 * OpenRouter, vLLM, Ollama and the rest. The gateway's client-facing protocol is the same, so
 * bodies pass through untouched apart from the model name the caller's router already rewrote.
 */
public final class OpenAiCompatibleProvider implements EmbeddingsProvider {
    private final String name;
    private final String catalogProvider;
    private final URI chatCompletions;
    private final URI embeddings;
    private final Map<String, String> fixedHeaders;
    private final Duration timeout;
    private final UpstreamHttpClient http;

    public OpenAiCompatibleProvider(String name, String catalogProvider, String baseUrl, Secret apiKey,
                                    Map<String, String> extraHeaders, Duration timeout, UpstreamHttpClient http) {
        this.name = name;
        this.catalogProvider = catalogProvider;
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.chatCompletions = URI.create(base + "/chat/completions");
        this.embeddings = URI.create(base + "/embeddings");
        Map<String, String> headers = new HashMap<>(extraHeaders);
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put("Authorization", "Bearer " + apiKey.reveal());
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
        return catalogProvider;
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.OPENAI;
    }

    @Override
    public UpstreamResponse chat(UpstreamCall call) {
        return http.post(chatCompletions, headersFor(call), call.body(), call.streaming(), timeout);
    }

    @Override
    public UpstreamResponse embeddings(UpstreamCall call) {
        return http.post(embeddings, headersFor(call), call.body(), false, timeout);
    }

    private Map<String, String> headersFor(UpstreamCall call) {
        Map<String, String> headers = new HashMap<>(fixedHeaders);
        headers.put("Accept", call.streaming() ? "text/event-stream" : "application/json");
        headers.put("X-Request-Id", call.requestId());
        return headers;
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[" + name + " -> " + chatCompletions.getAuthority() + "]";
    }
}
