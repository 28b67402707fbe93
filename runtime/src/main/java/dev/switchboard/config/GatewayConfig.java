package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonCreator;
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
 * @param aliases     alternative names for models, e.g. {@code fast: groq/llama-3.3-70b-versatile}, with
 *                    their own reliability settings when written as a mapping
 * @param reliability the reliability settings every model starts from
 * @param catalog     catalog entries added to, or replacing, the bundled model catalog
 * @param governance  where organisations, keys, budgets, the usage ledger and the audit log are
 *                    stored, and how admins sign in
 * @param routing     how {@code model: "auto"} and {@code auto:<profile>} choose a model (docs/routing.md)
 * @param skills      where Agent Skills are loaded from and how agents may use them (docs/skills.md)
 */
public record GatewayConfig(Server server, Auth auth, Map<String, ProviderConfig> providers,
                            Map<String, ModelConfig> models, Map<String, AliasConfig> aliases,
                            Reliability reliability, List<CatalogEntry> catalog, Governance governance, Routing routing,
                            Skills skills) {

    public GatewayConfig {
        server = server == null ? Server.DEFAULTS : server;
        auth = auth == null ? new Auth(List.of()) : auth;
        providers = providers == null ? Map.of() : providers;
        models = models == null ? Map.of() : models;
        aliases = aliases == null ? Map.of() : aliases;
        reliability = reliability == null ? Reliability.DEFAULTS : reliability;
        catalog = catalog == null ? List.of() : catalog;
        governance = governance == null ? Governance.DEFAULTS : governance;
        routing = routing == null ? Routing.DEFAULTS : routing;
        skills = skills == null ? Skills.DEFAULTS : skills;
    }

    public static final GatewayConfig EMPTY = new GatewayConfig(null, null, null, null, null, null, null, null, null, null);

    /**
     * Agent Skills (docs/skills.md).
     *
     * @param paths             folders of skills (or single skill folders) to load besides the shipped library
     * @param library           whether the skills shipped with Switchboard are loaded (default true)
     * @param hotReload         whether changes under {@code paths} are picked up while running (default true)
     * @param allowScripts      whether agents may run skills' scripts (default false)
     * @param scriptTimeout     the longest a script may run (default 30 s)
     * @param scriptOutputBytes the most output kept of a script's stdout and of its stderr each (default 64 KB)
     * @param maxUploadBytes    the largest skill archive the admin API accepts (default 10 MB)
     * @param maxTurns          the most model calls one request with skills may make (default 8)
     */
    public record Skills(List<String> paths, Boolean library, Boolean hotReload, Boolean allowScripts, Duration scriptTimeout,
                         Long scriptOutputBytes, Long maxUploadBytes, Integer maxTurns) {
        static final Skills DEFAULTS = new Skills(null, null, null, null, null, null, null, null);

        public Skills {
            paths = paths == null ? List.of() : paths;
            library = library == null || library;
            hotReload = hotReload == null || hotReload;
            allowScripts = allowScripts != null && allowScripts;
            scriptTimeout = scriptTimeout == null ? Duration.ofSeconds(30) : scriptTimeout;
            scriptOutputBytes = scriptOutputBytes == null ? 64L * 1024 : scriptOutputBytes;
            maxUploadBytes = maxUploadBytes == null ? 10L * 1024 * 1024 : maxUploadBytes;
            maxTurns = maxTurns == null ? 8 : maxTurns;
            if (scriptTimeout.isNegative() || scriptTimeout.isZero()) {
                throw new IllegalArgumentException("script_timeout must be positive, was " + scriptTimeout);
            }
            if (scriptOutputBytes < 1 || scriptOutputBytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("script_output_bytes must be between 1 and " + Integer.MAX_VALUE + ", was " + scriptOutputBytes);
            }
            if (maxUploadBytes < 1) {
                throw new IllegalArgumentException("max_upload_bytes must be at least 1, was " + maxUploadBytes);
            }
            if (maxTurns < 2) {
                throw new IllegalArgumentException("max_turns must be at least 2 (one to load a skill, one to answer), was " + maxTurns);
            }
        }
    }

    /**
     * @param port            HTTP port; the CLI's {@code --port} wins over it
     * @param host            interface to bind
     * @param maxBodyBytes    largest request body accepted; larger ones get 413
     * @param shutdownTimeout how long a graceful stop waits for in-flight requests to finish
     * @param dataDir         where state lives; the CLI's {@code --data-dir} and {@code SWITCHBOARD_DATA_DIR} win over it
     * @param busyPoll        how long an upstream read polls for the answer before it blocks, while its call is the only
     *                        upstream call in flight; zero turns polling off (see {@code provider/BusyPoll})
     * @param maxInflightBodyBytes the request bodies all requests in flight may hold in memory together; null for a
     *                        share of the heap (see {@code http/RequestBodies}); a body that would pass it waits
     *                        outside with a 503
     */
    public record Server(Integer port, String host, Long maxBodyBytes, Duration shutdownTimeout, String dataDir,
                         Duration busyPoll, Long maxInflightBodyBytes) {
        static final Server DEFAULTS = new Server(null, null, null, null, null, null, null);

        public Server {
            port = port == null ? 8080 : port;
            host = host == null ? "0.0.0.0" : host;
            // Large enough for a handful of base64 images in one chat request.
            maxBodyBytes = maxBodyBytes == null ? 32L * 1024 * 1024 : maxBodyBytes;
            shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(30) : shutdownTimeout;
            dataDir = dataDir == null ? "data" : dataDir;
            // About two local round trips: long enough for a fast local upstream's answer, short next to a hosted one's.
            busyPoll = busyPoll == null ? Duration.ofNanos(200_000) : busyPoll;
            if (maxInflightBodyBytes != null && maxInflightBodyBytes < 1) {
                throw new IllegalArgumentException("must be at least 1 byte, was " + maxInflightBodyBytes);
            }
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
     * @param sensitiveData  {@code allowed} or {@code denied}: whether prompts in which personal data or secrets are
     *                       detected may be routed here; null for the default (allowed for local presets such as
     *                       ollama and vllm, denied for every hosted provider)
     */
    public record ProviderConfig(String type, String preset, String baseUrl, Secret apiKey,
                                 Map<String, String> headers, Duration timeout, String sensitiveData) {
        public ProviderConfig {
            headers = headers == null ? Map.of() : headers;
        }
    }

    /**
     * The reliability settings a model or an alias may set. Every field is optional: an alias's
     * unset fields come from its target model's, a model's from the {@code reliability} section.
     * See docs/reliability.md.
     */
    public interface PolicySettings {
        /** How requests are spread over a model's deployments: {@code weighted}, {@code least-latency} or {@code least-busy}. */
        String balance();

        /** Further attempts at the model after the first fails with a rate limit, server error or timeout. */
        Integer retries();

        /** The request's deadline: every attempt, retry and backoff of it must end within this. */
        Duration timeout();

        /** For streams: the longest wait for the first token before the attempt counts as timed out. */
        Duration firstTokenTimeout();

        /** Starts a second attempt on another deployment when the first is slow to answer. */
        Hedge hedge();

        /** Models tried in order, each under its conditions, once this one has failed. */
        List<Fallback> fallbacks();
    }

    /**
     * @param deployments the provider/model pairs that serve this name; requests are spread over them by weight
     */
    public record ModelConfig(List<DeploymentConfig> deployments, String balance, Integer retries, Duration timeout,
                              Duration firstTokenTimeout, Hedge hedge, List<Fallback> fallbacks) implements PolicySettings {
        public ModelConfig {
            deployments = deployments == null ? List.of() : deployments;
        }
    }

    /**
     * An alternative name for a model. Written as a plain string ({@code fast: groq/llama-3.3-70b})
     * it only renames; as a mapping it may also set the reliability of requests made by this name.
     *
     * @param target the model, alias, {@code provider/model} or catalog name this alias stands for
     */
    public record AliasConfig(String target, String balance, Integer retries, Duration timeout,
                              Duration firstTokenTimeout, Hedge hedge, List<Fallback> fallbacks) implements PolicySettings {
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public AliasConfig {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static AliasConfig of(String target) {
            return new AliasConfig(target, null, null, null, null, null, null);
        }
    }

    /**
     * One step of a fallback chain. Written as a plain string it names the model and reacts to
     * rate limits, server errors and timeouts.
     *
     * @param model the model, alias, {@code provider/model} or catalog name to fall back to
     * @param on    the failures that lead here: {@code rate_limit}, {@code server_error},
     *              {@code timeout}, {@code context_window_exceeded}, {@code content_policy}
     */
    public record Fallback(String model, List<String> on) {
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public Fallback {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Fallback of(String model) {
            return new Fallback(model, null);
        }
    }

    /**
     * @param after        {@code p95} (or another {@code pNN}) of the deployment's observed time to
     *                     first token (total time for complete answers), or a fixed duration
     * @param warmupDelay  the delay used while a deployment has too few observations for a percentile
     */
    public record Hedge(String after, Duration warmupDelay) {
    }

    /**
     * The reliability settings every model starts from, and those that only exist gateway-wide.
     *
     * @param backoff        the wait before retrying a deployment that already failed this request
     * @param circuitBreaker when a deployment is taken out of rotation, and for how long
     */
    public record Reliability(String balance, Integer retries, Duration timeout, Duration firstTokenTimeout, Hedge hedge,
                              Backoff backoff, CircuitBreaker circuitBreaker) {
        static final Reliability DEFAULTS = new Reliability(null, null, null, null, null, null, null);

        public Reliability {
            backoff = backoff == null ? new Backoff(null, null) : backoff;
            circuitBreaker = circuitBreaker == null ? new CircuitBreaker(null, null, null, null) : circuitBreaker;
        }
    }

    /** Exponential backoff with full jitter: the n-th wait is random in [0, min(max, initial * 2^n)]. */
    public record Backoff(Duration initial, Duration max) {
        public Backoff {
            initial = initial == null ? Duration.ofMillis(200) : initial;
            max = max == null ? Duration.ofSeconds(5) : max;
        }
    }

    /**
     * @param failureRate  percentage of failed calls, among the last {@code window}, that opens the circuit
     * @param window       how many recent calls the failure rate is computed over
     * @param minimumCalls calls needed before the rate counts at all
     * @param cooldown     how long an open circuit stays open before letting trial calls through
     */
    public record CircuitBreaker(Integer failureRate, Integer window, Integer minimumCalls, Duration cooldown) {
        public CircuitBreaker {
            failureRate = failureRate == null ? 50 : failureRate;
            window = window == null ? 20 : window;
            minimumCalls = minimumCalls == null ? 10 : minimumCalls;
            cooldown = cooldown == null ? Duration.ofSeconds(30) : cooldown;
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

    /**
     * Governance: storage, admin sign-in, budget alerts and the usage ledger.
     *
     * @param database where state is kept; the default is an SQLite file in the data directory
     * @param oidc     admin sign-in with an identity provider's JWTs; null when only keys sign in
     * @param alerts   where budget threshold events are posted; null for none
     * @param ledger   how usage records are batched on their way to the database
     */
    public record Governance(Database database, Oidc oidc, Alerts alerts, Ledger ledger) {
        static final Governance DEFAULTS = new Governance(null, null, null, null);

        public Governance {
            database = database == null ? Database.DEFAULTS : database;
            ledger = ledger == null ? Ledger.DEFAULTS : ledger;
        }
    }

    /**
     * @param url      a JDBC URL: {@code jdbc:postgresql://host/db} for production; null for the
     *                 embedded SQLite file {@code switchboard.db} in the data directory
     * @param user     database user (PostgreSQL)
     * @param password database password (PostgreSQL)
     * @param poolSize most connections held open
     */
    public record Database(String url, String user, Secret password, Integer poolSize) {
        static final Database DEFAULTS = new Database(null, null, null, null);

        public Database {
            poolSize = poolSize == null ? 8 : poolSize;
        }
    }

    /**
     * Admin sign-in with OpenID Connect: a bearer JWT on the admin API is accepted when its
     * signature checks against the issuer's JWKS and its issuer and audience match.
     *
     * @param issuer      the {@code iss} the tokens must carry
     * @param audience    the {@code aud} the tokens must carry
     * @param jwksUrl     where the issuer publishes its signing keys
     * @param rolesClaim  the claim listing the user's groups or roles, e.g. {@code groups}
     * @param org         the organisation id that signed-in users act in
     * @param roles       claim value to the grant it gives, e.g. {@code sb-admins: org_admin}
     *                    or {@code payments-devs: {role: team_admin, team: team_...}}
     */
    public record Oidc(String issuer, String audience, String jwksUrl, String rolesClaim, String org,
                       Map<String, RoleGrant> roles) {
        public Oidc {
            rolesClaim = rolesClaim == null ? "groups" : rolesClaim;
            roles = roles == null ? Map.of() : roles;
        }
    }

    /** A role given by an OIDC claim value; written as a role name, or a mapping with the team it applies to. */
    public record RoleGrant(String role, String team) {
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public RoleGrant {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static RoleGrant of(String role) {
            return new RoleGrant(role, null);
        }
    }

    /** @param webhookUrl receives a JSON POST when spend crosses a budget's alert threshold */
    public record Alerts(String webhookUrl) {
    }

    /**
     * @param enabled       whether every request is recorded in the database (default true); off, there are no
     *                      usage reports and budgets count spend from zero after a restart
     * @param batchSize     most records written in one transaction
     * @param flushInterval longest a record waits in memory before it is written; bounds what a crash can lose
     * @param queueCapacity records held in memory before requests wait for the writer
     */
    public record Ledger(Boolean enabled, Integer batchSize, Duration flushInterval, Integer queueCapacity) {
        static final Ledger DEFAULTS = new Ledger(null, null, null, null);

        public Ledger {
            enabled = enabled == null || enabled;
            batchSize = batchSize == null ? 500 : batchSize;
            flushInterval = flushInterval == null ? Duration.ofMillis(200) : flushInterval;
            queueCapacity = queueCapacity == null ? 100_000 : queueCapacity;
        }
    }

    /**
     * Automatic model choice ({@code model: "auto"}).
     *
     * @param defaultProfile the profile {@code auto} means; null for every configured chat model at weight 0.5
     * @param profiles       named candidate sets and trade-offs, addressed as {@code auto:<name>}
     * @param referenceSet   the quality predictor's reference set (a file); null for the one the product ships
     */
    public record Routing(String defaultProfile, Map<String, RoutingProfile> profiles, String referenceSet) {
        static final Routing DEFAULTS = new Routing(null, null, null);

        public Routing {
            profiles = profiles == null ? Map.of() : profiles;
        }
    }

    /**
     * @param candidates      model names or aliases the gateway serves
     * @param qualityWeight   0 = cheapest, 1 = best predicted quality; null for 0.5
     * @param maxCostUsd      candidates predicted to cost more per request are excluded; null for no limit
     * @param latencyTargetMs candidates observed slower than this are passed over while a faster one remains
     */
    public record RoutingProfile(List<String> candidates, Double qualityWeight, Double maxCostUsd, Long latencyTargetMs) {
        public RoutingProfile {
            candidates = candidates == null ? List.of() : candidates;
        }
    }
}
