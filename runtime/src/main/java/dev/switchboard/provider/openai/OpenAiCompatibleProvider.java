package dev.switchboard.provider.openai;

import dev.switchboard.config.Secret;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.EmbeddingsProvider;
import dev.switchboard.provider.KeyScheme;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamHttpClient;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.provider.UpstreamSite;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Any vendor that speaks OpenAI's chat-completions protocol: OpenAI itself, DeepSeek, Groq,
 * OpenRouter, vLLM, Ollama and the rest. The gateway's client-facing protocol is the same, so
 * bodies pass through untouched apart from the model name the caller's router already rewrote.
 */
public final class OpenAiCompatibleProvider implements EmbeddingsProvider {
    private final String name;
    private final String catalogProvider;
    private final UpstreamSite site;
    private final URI chatCompletions;
    private final URI embeddings;

    public OpenAiCompatibleProvider(String name, String catalogProvider, String baseUrl, Secret apiKey,
                                    Map<String, String> extraHeaders, Duration timeout, UpstreamHttpClient http) {
        this.name = name;
        this.catalogProvider = catalogProvider;
        this.site = new UpstreamSite(name, baseUrl, KeyScheme.BEARER, apiKey, extraHeaders, timeout, http);
        this.chatCompletions = site.uri("/chat/completions");
        this.embeddings = site.uri("/embeddings");
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
        return site.post(chatCompletions, call, call.streaming(), Map.of());
    }

    @Override
    public UpstreamResponse embeddings(UpstreamCall call) {
        return site.post(embeddings, call, false, Map.of());
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[" + name + " -> " + site.authority() + "]";
    }
}
