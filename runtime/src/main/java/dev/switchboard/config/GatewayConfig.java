package dev.switchboard.config;

import dev.switchboard.catalog.CatalogEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's YAML configuration as bound from the file, after {@code ${ENV}} interpolation and
 * before any semantic checks (those happen where the values are used, through {@link ConfigSource}).
 * Every section is optional: an empty file is a valid config that serves whatever providers the
 * environment names, or the offline mock when there are none.
 *
 * @param server    listener and request limits
 * @param auth      gateway keys callers must present
 * @param providers upstream providers by the name deployments refer to
 * @param models    model names this gateway serves and the deployments behind each
 * @param aliases   alternative names for models, e.g. {@code fast: groq/llama-3.3-70b-versatile}
 * @param catalog   catalog entries added to, or replacing, the bundled model catalog
 */
public record GatewayConfig(Server server, Auth auth, Map<String, ProviderConfig> providers,
                            Map<String, ModelConfig> models, Map<String, String> aliases,
                            List<CatalogEntry> catalog) {

    public GatewayConfig {
        server = server == null ? Server.DEFAULTS : server;
        auth = auth == null ? new Auth(List.of()) : auth;
        providers = providers == null ? Map.of() : providers;
        models = models == null ? Map.of() : models;
        aliases = aliases == null ? Map.of() : aliases;
        catalog = catalog == null ? List.of() : catalog;
    }

    public static final GatewayConfig EMPTY = new GatewayConfig(null, null, null, null, null, null);

    /**
     * @param port            HTTP port; the CLI's {@code --port} wins over it
     * @param host            interface to bind
     * @param maxBodyBytes    largest request body accepted; larger ones get 413
     * @param shutdownTimeout how long a graceful stop waits for in-flight requests to finish
     * @param dataDir         where state lives; the CLI's {@code --data-dir} and {@code SWITCHBOARD_DATA_DIR} win over it
     */
    public record Server(Integer port, String host, Long maxBodyBytes, Duration shutdownTimeout, String dataDir) {
        static final Server DEFAULTS = new Server(null, null, null, null, null);

        public Server {
            port = port == null ? 8080 : port;
            host = host == null ? "0.0.0.0" : host;
            // Large enough for a handful of base64 images in one chat request.
            maxBodyBytes = maxBodyBytes == null ? 32L * 1024 * 1024 : maxBodyBytes;
            shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(30) : shutdownTimeout;
            dataDir = dataDir == null ? "data" : dataDir;
        }
    }

    /** @param keys gateway keys; when none is set, the API is open (fine on a laptop, not in production) */
    public record Auth(List<Secret> keys) {
        public Auth {
            keys = keys == null ? List.of() : keys.stream().filter(k -> k != null && !k.isBlank()).toList();
        }
    }

    /**
     * One upstream provider.
     *
     * @param type           wire protocol: {@code openai} (any OpenAI-compatible vendor), {@code anthropic}, {@code gemini} or {@code mock}
     * @param preset         built-in vendor settings (base URL, key variable); defaults to the provider's name when a preset of that name exists
     * @param baseUrl        overrides the preset's base URL
     * @param apiKey         overrides the key read from the preset's environment variable
     * @param headers        extra headers sent on every upstream request
     * @param timeout        longest a non-streaming call may take, and longest silence within a stream
     */
    public record ProviderConfig(String type, String preset, String baseUrl, Secret apiKey,
                                 Map<String, String> headers, Duration timeout) {
        public ProviderConfig {
            headers = headers == null ? Map.of() : headers;
        }
    }

    /** @param deployments the provider/model pairs that serve this name; requests are spread over them by weight */
    public record ModelConfig(List<DeploymentConfig> deployments) {
        public ModelConfig {
            deployments = deployments == null ? List.of() : deployments;
        }
    }

    /**
     * @param provider name of an entry under {@code providers} (or of a preset enabled by its environment variable)
     * @param model    the model name the upstream expects
     * @param weight   relative share of traffic among this model's deployments
     */
    public record DeploymentConfig(String provider, String model, Integer weight) {
        public DeploymentConfig {
            weight = weight == null ? 1 : weight;
        }
    }
}
