package dev.switchboard.provider;

import dev.switchboard.config.ConfigSource;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.GatewayConfig.ProviderConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.provider.mock.MockProvider;
import dev.switchboard.provider.openai.OpenAiCompatibleProvider;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the enabled providers: those declared in config, then every hosted preset whose API-key
 * variable is set in the environment (so {@code OPENAI_API_KEY=... switchboard serve} needs no
 * config file). Declaration order is kept: it decides which provider serves a bare model name
 * that several of them offer.
 */
public final class ProviderFactory {
    /** OpenAI's SDKs wait this long by default; reasoning models can think for minutes. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private ProviderFactory() {
    }

    public static Map<String, Provider> create(GatewayConfig config, ConfigSource source,
                                               Function<String, String> env, UpstreamHttpClient http) {
        Map<String, Provider> providers = new LinkedHashMap<>();
        config.providers().forEach((name, settings) ->
                providers.put(name, create(name, settings, ConfigSource.child("providers", name), source, env, http)));
        for (ProviderPreset preset : ProviderPreset.all()) {
            String key = env.apply(preset.apiKeyEnv());
            if (!preset.local() && key != null && !key.isBlank() && !providers.containsKey(preset.name())) {
                providers.put(preset.name(), new OpenAiCompatibleProvider(preset.name(), preset.name(), preset.baseUrl(),
                        Secret.of(key), Map.of(), DEFAULT_TIMEOUT, http));
            }
        }
        return providers;
    }

    private static Provider create(String name, ProviderConfig settings, String path, ConfigSource source,
                                   Function<String, String> env, UpstreamHttpClient http) {
        if (settings == null) {
            throw source.error(path, "empty provider: give at least a type (openai or mock) or a preset");
        }
        String type = settings.type() != null ? settings.type() : "openai";
        Duration timeout = settings.timeout() != null ? settings.timeout() : DEFAULT_TIMEOUT;
        if (timeout.isZero() || timeout.isNegative()) {
            throw source.error(ConfigSource.child(path, "timeout"), "must be positive, was " + timeout);
        }
        return switch (type) {
            case "mock" -> new MockProvider(name, MockProvider.DEFAULT_CHUNK_DELAY);
            case "openai" -> openAi(name, settings, path, source, env, timeout, http);
            default -> throw source.error(ConfigSource.child(path, "type"), "unknown provider type '" + type + "' (expected openai or mock)");
        };
    }

    private static Provider openAi(String name, ProviderConfig settings, String path, ConfigSource source,
                                   Function<String, String> env, Duration timeout, UpstreamHttpClient http) {
        ProviderPreset preset = null;
        if (settings.preset() != null) {
            preset = ProviderPreset.named(settings.preset()).orElseThrow(() -> source.error(ConfigSource.child(path, "preset"),
                    "unknown preset '" + settings.preset() + "' (known: " + String.join(", ", ProviderPreset.all().stream().map(ProviderPreset::name).toList()) + ")"));
        } else {
            preset = ProviderPreset.named(name).orElse(null);
        }
        String baseUrl = settings.baseUrl() != null ? settings.baseUrl() : preset == null ? null : preset.baseUrl();
        if (baseUrl == null) {
            throw source.error(path, "base_url is required: '" + name + "' is not a known preset (set base_url, or preset: one of "
                    + String.join(", ", ProviderPreset.all().stream().map(ProviderPreset::name).toList()) + ")");
        }
        checkUrl(baseUrl, ConfigSource.child(path, "base_url"), source);
        Secret key = settings.apiKey();
        if (key == null && preset != null) {
            String fromEnv = env.apply(preset.apiKeyEnv());
            key = fromEnv == null || fromEnv.isBlank() ? null : Secret.of(fromEnv);
        }
        if (key == null && preset != null && !preset.local()) {
            throw source.error(path, "no API key: set api_key or the environment variable " + preset.apiKeyEnv());
        }
        String catalogProvider = preset != null ? preset.name() : name;
        return new OpenAiCompatibleProvider(name, catalogProvider, baseUrl, key, settings.headers(), timeout, http);
    }

    private static void checkUrl(String url, String path, ConfigSource source) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw source.error(path, "must be an http(s) URL, was '" + url + "'");
            }
        } catch (java.net.URISyntaxException e) {
            throw source.error(path, "not a valid URL: " + e.getReason());
        }
    }
}
