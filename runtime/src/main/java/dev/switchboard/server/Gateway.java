package dev.switchboard.server;

import dev.switchboard.auth.Caller;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.catalog.ModelNames;
import dev.switchboard.chat.TokenEstimator;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigSource;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.dialect.Dialects;
import dev.switchboard.dialect.anthropic.AnthropicDialect;
import dev.switchboard.dialect.gemini.GeminiDialect;
import dev.switchboard.dialect.openai.OpenAiDialect;
import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.Governance;
import dev.switchboard.governance.admin.AdminApi;
import dev.switchboard.governance.ledger.LedgerWriter;
import dev.switchboard.http.ChatEndpoint;
import dev.switchboard.http.ErrorRendering;
import dev.switchboard.http.GatewayHeaders;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.http.Requests;
import dev.switchboard.http.RouteHandler;
import dev.switchboard.http.ServerErrors;
import dev.switchboard.http.anthropic.AnthropicMessagesFormat;
import dev.switchboard.http.anthropic.CountTokensHandler;
import dev.switchboard.http.openai.EmbeddingsHandler;
import dev.switchboard.http.openai.ModelsHandler;
import dev.switchboard.http.openai.OpenAiChatFormat;
import dev.switchboard.http.rag.FileRoutes;
import dev.switchboard.http.rag.RagErrors;
import dev.switchboard.http.rag.VectorStoreRoutes;
import dev.switchboard.rag.RagException;
import dev.switchboard.retrieval.RagService;
import dev.switchboard.pipeline.AutoRoute;
import dev.switchboard.pipeline.ModelPipeline;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.pipeline.TranslatedCall;
import dev.switchboard.pipeline.UsageRecording;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderFactory;
import dev.switchboard.provider.UpstreamHttpClient;
import dev.switchboard.provider.Watchdog;
import dev.switchboard.reliability.Circuit;
import dev.switchboard.reliability.DeploymentHealth;
import dev.switchboard.reliability.Failover;
import dev.switchboard.reliability.HealthBoard;
import dev.switchboard.reliability.Planner;
import dev.switchboard.reliability.Policies;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.deployment.ModelTable;
import dev.switchboard.deployment.ModelTableFactory;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.RoutingSetup;
import dev.switchboard.routing.quality.CatalogPriors;
import dev.switchboard.routing.quality.KnnQualityPredictor;
import dev.switchboard.routing.quality.QualityPredictor;
import dev.switchboard.routing.quality.ReferenceSet;
import dev.switchboard.agent.SkillAgent;
import dev.switchboard.skills.registry.SkillRegistry;
import dev.switchboard.time.Sleeper;
import dev.switchboard.time.Ticker;
import dev.switchboard.usage.LoggingUsageRecorder;
import dev.switchboard.usage.UsageRecorder;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The composition root: builds every part of the gateway from the config by hand, wires the HTTP
 * routes, and owns the server's lifecycle. Nothing runs until {@link #start}; {@link #close}
 * stops accepting requests, waits for in-flight ones (streams included) up to the configured
 * shutdown timeout, then releases upstream connections.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // The JDK's default listen backlog is 50: a burst of more new connections than that (hundreds
    // of clients starting at once) would be reset before Jetty could accept them.
    private static final int ACCEPT_QUEUE = 1024;

    /**
     * Where to listen and keep state; the CLI's flags, already merged over the config's values.
     *
     * @param offlineMock whether a gateway left with no provider serves the offline mock. The CLI
     *                    allows it only without a config file: there, no provider is a first run;
     *                    a config file that configures none is a mistake, which the mock's
     *                    simulated answers would hide
     */
    public record Settings(String host, int port, Path dataDir, boolean offlineMock) {
    }

    private final Javalin app;
    private final UpstreamHttpClient http;
    private final Watchdog watchdog;
    private final HealthBoard health;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final Map<String, Provider> providers;
    private final Governance governance;
    private final GovernedPath governed;
    private final OpenAiDialect openAi = new OpenAiDialect();
    private final AnthropicDialect anthropic = new AnthropicDialect();
    private final Dialects dialects = new Dialects(List.of(openAi, anthropic, new GeminiDialect()));
    private final ModelPipeline pipeline;
    private final SkillRegistry skills;
    private final RagService rag;

    private Gateway(GatewayConfig config, ConfigSource source, ModelTable models, Policies policies, UsageRecorder recorder,
                    Watchdog watchdog, UpstreamHttpClient http, Map<String, Provider> providers, Governance governance, GovernedPath governed,
                    AdminApi admin, List<String> chatModels, ModelCatalog catalog, SkillRegistry skills, Path dataDir, Clock clock) {
        this.skills = skills;
        this.watchdog = watchdog;
        this.http = http;
        this.governance = governance;
        this.providers = Map.copyOf(providers);
        this.health = new HealthBoard(config.reliability().circuitBreaker(), Ticker.system());
        this.governed = governed;
        // Every request goes to the durable ledger as well as to the recorder the gateway was started with.
        UsageRecorder both = governed.ledger().<UsageRecorder>map(ledger -> record -> {
            ledger.record(record);
            recorder.record(record);
        }).orElse(recorder);
        ModelNames names = new ModelNames(catalog);
        AutoRoute routing = new AutoRoute(RoutingSetup.create(config, source, models, names, this::routingHealth, chatModels,
                qualityPredictor(config.routing(), source, catalog, names)));
        this.pipeline = new ModelPipeline(new ModelPipeline.Stages(routing, new Planner(models, policies), governed.admission(),
                new Failover(health, watchdog, Ticker.system(), Sleeper.system(), ThreadLocalRandom::current), new TranslatedCall(dialects),
                governed.teamCredentials(), new UsageRecording(both),
                governed.requestLog()));
        this.rag = RagService.open(dataDir, pipeline, openAi, clock);
        this.app = createApp(config, models, admin, routing, SkillSetup.agent(config.skills(), pipeline, skills, dataDir));
    }

    /**
     * The router's quality predictor: the kNN predictor over the reference set named by
     * {@code routing.reference_set} (the shipped one when null), with the catalog's benchmark
     * indexes as priors for models the set has no outcomes for. A named file must exist at start;
     * it is read with the router, on the first {@code auto} request.
     */
    private static Supplier<QualityPredictor> qualityPredictor(GatewayConfig.Routing routing, ConfigSource source, ModelCatalog catalog,
                                                               ModelNames names) {
        Path file = routing.referenceSet() == null ? null : Path.of(routing.referenceSet());
        if (file != null && !Files.isReadable(file)) {
            throw source.error("routing.reference_set", "cannot read the reference set " + file);
        }
        return () -> {
            try {
                ReferenceSet reference = file == null ? ReferenceSet.loadBundled() : ReferenceSet.read(file);
                return new KnnQualityPredictor(reference, names, new CatalogPriors(catalog));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("routing.reference_set: cannot read " + file, e);
            }
        };
    }

    /** A deployment's circuit and average latency, as the health board has seen them. */
    private Router.Health.Status routingHealth(Deployment deployment) {
        DeploymentHealth.Snapshot seen = health.of(deployment).snapshot();
        Double latency = seen.totalMillis();
        return new Router.Health.Status(seen.circuit() == Circuit.OPEN, latency == null ? Double.NaN : latency);
    }

    /** Builds and starts a gateway; throws {@link dev.switchboard.config.ConfigException} for a config that cannot work. */
    public static Gateway start(ConfigLoader.Loaded loaded, Settings settings, Function<String, String> env) {
        return start(loaded, settings, env, new LoggingUsageRecorder());
    }

    /** As {@link #start(ConfigLoader.Loaded, Settings, Function)}, with usage records going to {@code recorder}. */
    public static Gateway start(ConfigLoader.Loaded loaded, Settings settings, Function<String, String> env, UsageRecorder recorder) {
        return start(loaded, settings, env, recorder, Clock.systemUTC());
    }

    /** As {@link #start(ConfigLoader.Loaded, Settings, Function, UsageRecorder)}, on {@code clock}: budget periods, key expiry and rate-limit refill follow it. */
    public static Gateway start(ConfigLoader.Loaded loaded, Settings settings, Function<String, String> env, UsageRecorder recorder,
                                Clock clock) {
        GatewayConfig config = loaded.config();
        createDataDir(settings.dataDir());
        ModelCatalog catalog = ModelCatalog.loadBundled().withOverrides(config.catalog());
        Governance governance = Governance.open(config.governance(), settings.dataDir(), env, clock);
        // The system ticker throughout: the HTTP layer stamps a request's arrival, from which its deadline counts, with System.nanoTime().
        Watchdog watchdog = new Watchdog(Ticker.system());
        UpstreamHttpClient http = new UpstreamHttpClient(CONNECT_TIMEOUT, config.server().busyPoll(), watchdog);
        try {
            Map<String, Provider> providers = new java.util.LinkedHashMap<>(ProviderFactory.create(config, loaded.source(), env, http));
            Map<String, List<Deployment>> builtIn = Map.of();
            if (providers.isEmpty() && !settings.offlineMock()) {
                throw loaded.source().error("providers", "no provider is configured, and no provider key is set in the environment. "
                        + "Add a provider under 'providers:' (see docs/configuration.md) or set its key, e.g. OPENAI_API_KEY; "
                        + "to try the offline mock, add 'mock: {type: mock}' under 'providers:' (model 'mock/mock'), "
                        + "or start without a config file");
            }
            if (providers.isEmpty()) {
                OfflineMock mock = OfflineMock.create();
                providers.put(mock.provider().name(), mock.provider());
                builtIn = mock.models();
            }
            ModelTable models = ModelTableFactory.create(config, loaded.source(), providers, catalog, builtIn);
            Policies policies = Policies.create(config, loaded.source(), models);
            List<String> chatModels = config.models().isEmpty() ? RoutingSetup.chatModels(builtIn) : config.models().keySet().stream().sorted().toList();
            GovernedPath governed = GovernedPath.create(config, governance, env, clock);
            SkillRegistry skills = null;
            try {
                skills = SkillSetup.registry(config.skills(), loaded.source(), settings.dataDir());
                AdminApi admin = AdminApi.create(config.governance(), governance, env, providers.keySet(), governed.ledger(), clock,
                        skills, config.skills().maxUploadBytes());
                Gateway gateway = new Gateway(config, loaded.source(), models, policies, recorder, watchdog, http, providers, governance, governed,
                        admin, chatModels, catalog, skills, settings.dataDir(), clock);
                gateway.app.start(settings.host(), settings.port());
                gateway.ready.set(true);
                LOG.info("Switchboard listening on http://{}:{} with providers {}", settings.host(), gateway.port(), providers.keySet());
                return gateway;
            } catch (RuntimeException e) {
                if (skills != null) {
                    skills.close();
                }
                governed.close();
                throw e;
            }
        } catch (RuntimeException e) {
            http.close();
            watchdog.close();
            governance.close();
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    /**
     * The model pipeline every call goes through: for in-process callers (workflow steps, MCP
     * sampling), the same stages, governance and ledger as the HTTP endpoints.
     */
    public ModelPipeline pipeline() {
        return pipeline;
    }

    /**
     * The caller an API key stands for, as the {@code /v1} key check finds it: for calls made in
     * process on the key's behalf (a workflow run started with it).
     *
     * @throws GatewayException.Unauthorized for a key that is unknown, revoked or expired
     */
    public Caller caller(String apiKey) {
        return governed.auth().authenticate("in-process", null, apiKey);
    }

    public Map<String, Provider> providers() {
        return providers;
    }

    /** The Agent Skills registry: what each team's keys see, for the chat endpoints, the admin API and the MCP hub. */
    public SkillRegistry skills() {
        return skills;
    }

    public Governance governance() {
        return governance;
    }

    /** Retrieval: the teams' collections, uploaded files, ingestion jobs and the {@code rag_search} tool. */
    public RagService rag() {
        return rag;
    }

    /** The usage ledger, for its backlog; empty when it is switched off. */
    public Optional<LedgerWriter> ledger() {
        return governed.ledger();
    }

    private Javalin createApp(GatewayConfig config, ModelTable models, AdminApi admin, AutoRoute routing, SkillAgent skillAgent) {
        long maxBody = config.server().maxBodyBytes();
        RequestBodies bodies = new RequestBodies(maxBody,
                Optional.ofNullable(config.server().maxInflightBodyBytes()).orElseGet(RequestBodies::heapShare));
        ChatEndpoint<?> chat = new ChatEndpoint<>(new OpenAiChatFormat(openAi), pipeline, bodies, skillAgent);
        ChatEndpoint<?> messages = new ChatEndpoint<>(new AnthropicMessagesFormat(anthropic), pipeline, bodies, skillAgent);
        RouteHandler route = new RouteHandler(routing, openAi, anthropic, bodies);
        CountTokensHandler countTokens = new CountTokensHandler(pipeline, anthropic, dialects, new TokenEstimator(), bodies);
        EmbeddingsHandler embeddings = new EmbeddingsHandler(pipeline, openAi, bodies);
        ModelsHandler modelList = new ModelsHandler(models);
        long stopTimeout = config.server().shutdownTimeout().toMillis();
        return Javalin.create(javalin -> {
            javalin.concurrency.useVirtualThreads = true;
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            // Answers are small JSON or latency-sensitive streams: compressing them costs more than it saves.
            javalin.http.compressionStrategy = CompressionStrategy.NONE;
            // Every handler gives back the memory its body held, and never lets an OutOfMemoryError reach the client.
            javalin.router.handlerWrapper(endpoint -> bodies.guard(endpoint.handler));
            javalin.jetty.modifyServer(server -> {
                server.setStopTimeout(stopTimeout);
                server.setErrorHandler(new ServerErrors());
                server.insertHandler(new GracefulHandler());
                // Javalin adds its connector before starting the server: widen its accept queue then.
                server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                        for (org.eclipse.jetty.server.Connector connector : server.getConnectors()) {
                            if (connector instanceof org.eclipse.jetty.server.ServerConnector serverConnector) {
                                serverConnector.setAcceptQueueSize(ACCEPT_QUEUE);
                            }
                        }
                    }
                });
            });
            javalin.jetty.modifyHttpConfiguration(httpConfig -> httpConfig.setSendServerVersion(false));
            // File uploads (/v1/files) obey the same body limit as JSON requests.
            javalin.jetty.multipartConfig.maxFileSize(maxBody, io.javalin.config.SizeUnit.BYTES);
            javalin.jetty.multipartConfig.maxTotalRequestSize(maxBody + 64 * 1024, io.javalin.config.SizeUnit.BYTES);

            javalin.routes.before(ctx -> {
                RequestContext request = Requests.begin(ctx);
                MDC.put("request_id", request.id());
                GatewayHeaders.requestId(ctx, request.id());
            });
            Handler authenticate = ctx -> Requests.authenticated(ctx,
                    governed.auth().authenticate(ctx.path(), ctx.header("Authorization"), ctx.header("x-api-key")));
            javalin.routes.before("/v1/*", authenticate);
            javalin.routes.before("/v1/*", Requests::requireBoundedTag);
            javalin.routes.before("/health/deployments", authenticate);
            javalin.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
            javalin.routes.get("/health/deployments", ctx -> ctx.json(Map.of("deployments", health.snapshot())));
            javalin.routes.get("/ready", this::readiness);
            javalin.routes.post("/v1/chat/completions", chat);
            javalin.routes.post("/v1/messages", messages);
            javalin.routes.post("/v1/messages/count_tokens", countTokens);
            javalin.routes.post("/v1/route", route);
            javalin.routes.post("/v1/embeddings", embeddings);
            javalin.routes.get("/v1/models", modelList::list);
            javalin.routes.get("/v1/models/<id>", modelList::get);
            // --- retrieval (OpenAI files and vector stores over the rag module's collections)
            new FileRoutes(rag, maxBody).mount(javalin.routes);
            new VectorStoreRoutes(rag, bodies).mount(javalin.routes);
            // --- admin API (governance/admin): its own sign-in filter on /admin/*, never the /v1 key check
            admin.mount(javalin.routes, rag);
            // --- end admin API
            javalin.routes.after(ctx -> MDC.remove("request_id"));

            javalin.routes.exception(GatewayException.class, ErrorRendering::render);
            javalin.routes.exception(RagException.class, (e, ctx) -> ErrorRendering.render(RagErrors.of(e), ctx));
            javalin.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Unexpected failure handling {} {}", ctx.method(), ctx.path(), e);
                ErrorRendering.renderInternal(ctx);
            });
            // Javalin's own 404 for an unmatched path, rendered like every other error.
            javalin.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) ->
                    ErrorRendering.render(e.getStatus() == 404
                            ? new GatewayException.UnknownEndpoint(ctx.method().name(), ctx.path())
                            : new GatewayException.InvalidRequest(e.getMessage()), ctx));
        });
    }

    private void readiness(Context ctx) {
        boolean isReady = ready.get();
        ctx.status(isReady ? 200 : 503).json(Map.of("status", isReady ? "ready" : "draining"));
    }

    private static void createDataDir(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new dev.switchboard.config.ConfigException(dataDir + ": cannot create the data directory: " + e.getMessage());
        }
    }

    /**
     * Graceful stop: readiness turns 503, new requests are refused, in-flight ones finish (up to the
     * shutdown timeout); then the ledger and request log write what they hold — no request can add
     * to them any more — and only then does the database close. Never throws: a step that fails is
     * logged and the steps after it still run.
     */
    @Override
    public void close() {
        ready.set(false);
        // A stream that outlasts the shutdown timeout ends Jetty's stop in a TimeoutException; the
        // ledger must still be written and the database closed after it.
        stopping("the HTTP server", app::stop);
        stopping("retrieval's ingestion jobs and indexes", rag::close);
        stopping("the upstream HTTP client", http::close);
        stopping("the watchdog", watchdog::close);
        stopping("the skills folder watch", skills::close);
        stopping("the usage ledger and request log", governed::close);
        stopping("the governance database", governance::close);
    }

    /** One step of {@link #close}: its failure is logged here, once, and not thrown, so the next step runs. */
    private static void stopping(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("Stopping {} failed; carrying on with the rest of the shutdown", what, e);
        }
    }
}
