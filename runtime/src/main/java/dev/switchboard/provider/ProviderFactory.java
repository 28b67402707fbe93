package dev.switchboard.provider;

import dev.switchboard.config.ConfigSource;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.GatewayConfig.ProviderConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.anthropic.AnthropicProvider;
import dev.switchboard.provider.gemini.GeminiProvider;
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
    private static final String TYPES = "openai, anthropic, gemini or mock";

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
                providers.put(preset.name(), remote(preset.format(), preset.name(), preset.name(), preset.baseUrl(),
                        Secret.of(key), Map.of(), DEFAULT_TIMEOUT, http));
            }
        }
        return providers;
    }

    private static Provider create(String name, ProviderConfig settings, String path, ConfigSource source,
                                   Function<String, String> env, UpstreamHttpClient http) {
        if (settings == null) {
            throw source.error(path, "empty provider: give at least a type (" + TYPES + ") or a preset");
        }
        Duration timeout = settings.timeout() != null ? settings.timeout() : DEFAULT_TIMEOUT;
        if (timeout.isZero() || timeout.isNegative()) {
            throw source.error(ConfigSource.child(path, "timeout"), "must be positive, was " + timeout);
        }
        if ("mock".equals(settings.type())) {
            return new MockProvider(name, MockProvider.DEFAULT_CHUNK_DELAY);
        }
        ProviderPreset preset = presetFor(name, settings, path, source);
        WireFormat format = settings.type() == null ? (preset == null ? WireFormat.OPENAI : preset.format()) : switch (settings.type()) {
            case "openai" -> WireFormat.OPENAI;
            case "anthropic" -> WireFormat.ANTHROPIC;
            case "gemini" -> WireFormat.GEMINI;
            default -> throw source.error(ConfigSource.child(path, "type"), "unknown provider type '" + settings.type() + "' (expected " + TYPES + ")");
        };
        if (preset != null && preset.format() != format) {
            if (settings.preset() != null) {
                throw source.error(ConfigSource.child(path, "preset"), "preset '" + preset.name() + "' speaks " + preset.format()
                        + ", not the " + format + " of type '" + settings.type() + "'");
            }
            preset = null;
        }
        if (preset == null && format != WireFormat.OPENAI) {
            // A native vendor has one home: "type: anthropic" alone means Anthropic's own API.
            preset = ProviderPreset.named(format.name().toLowerCase(java.util.Locale.ROOT)).orElseThrow();
        }
        String baseUrl = settings.baseUrl() != null ? settings.baseUrl() : preset == null ? null : preset.baseUrl();
        if (baseUrl == null) {
            throw source.error(path, "base_url is required: '" + name + "' is not a known preset (set base_url, or preset: one of "
                    + presetNames() + ")");
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
        return remote(format, name, catalogProvider, baseUrl, key, settings.headers(), timeout, http);
    }

    private static ProviderPreset presetFor(String name, ProviderConfig settings, String path, ConfigSource source) {
        if (settings.preset() == null) {
            return ProviderPreset.named(name).orElse(null);
        }
        return ProviderPreset.named(settings.preset()).orElseThrow(() -> source.error(ConfigSource.child(path, "preset"),
                "unknown preset '" + settings.preset() + "' (known: " + presetNames() + ")"));
    }

    private static Provider remote(WireFormat format, String name, String catalogProvider, String baseUrl, Secret key,
                                   Map<String, String> headers, Duration timeout, UpstreamHttpClient http) {
        return switch (format) {
            case OPENAI -> new OpenAiCompatibleProvider(name, catalogProvider, baseUrl, key, headers, timeout, http);
            case ANTHROPIC -> new AnthropicProvider(name, baseUrl, key, headers, timeout, http);
            case GEMINI -> new GeminiProvider(name, baseUrl, key, headers, timeout, http);
        };
    }

    private static String presetNames() {
        return String.join(", ", ProviderPreset.all().stream().map(ProviderPreset::name).toList());
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
