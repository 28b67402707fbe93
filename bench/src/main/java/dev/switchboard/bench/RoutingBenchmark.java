package dev.switchboard.bench;

import dev.switchboard.auth.Caller;
import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.catalog.ModelNames;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.governance.privacy.Redactor;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.deployment.ModelTable;
import dev.switchboard.routing.Hints;
import dev.switchboard.routing.Profile;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.classify.TaskClassifier;
import dev.switchboard.routing.embed.StaticPromptEmbedder;
import dev.switchboard.routing.quality.CatalogPriors;
import dev.switchboard.routing.quality.KnnQualityPredictor;
import dev.switchboard.routing.quality.ReferenceSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a routing decision costs, on the CPU alone (no network, no upstream):
 * <ul>
 *   <li>{@code autoDecision}: {@code model: "auto"} for a ~2,000-token code-review prompt (a
 *       question and a long Java listing) — features with the sensitive-data scan, the static
 *       embedding of the whole prompt (tokenization and the mean of its token vectors), task
 *       classification, capability and privacy filters, the kNN quality prediction over the
 *       shipped reference set with catalog priors, pricing and the trade-off — over five real
 *       catalog models, two of which the reference set has outcomes for (so the kNN runs; until
 *       2026-11-21 none had, and the kNN was skipped). Target: p99 ≤ 5 ms.</li>
 *   <li>{@code autoDecisionProse}: the same for a ~2,000-token English prompt (a report to
 *       summarise): prose takes other paths through the tokenizer and the marker checks than code.</li>
 *   <li>{@code namedModel}: a request that names its model: the check that it is not {@code auto}
 *       and the name's resolution to deployments, which is all routing adds then. Target: ≤ 50 µs.</li>
 * </ul>
 *
 * <pre>
 * mvn -B -q -o -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar RoutingBenchmark -f 1 -wi 4 -w 2s -i 5 -r 3s
 * </pre>
 * (with a JDK 21 or later; results and machine in {@code bench/results/routing-jmh-*.txt}, read in docs/routing.md "Speed").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingBenchmark {
    // Two with outcomes in the shipped reference set (the kNN runs for them), three with catalog priors only.
    private static final List<String> MODELS = List.of("openai/gpt-4-1106-preview", "openai/gpt-3.5-turbo-1106", "openai/gpt-4o-mini",
            "anthropic/claude-sonnet-4-5", "openrouter/deepseek/deepseek-chat-v3-0324");

    private Router router;
    private ModelTable models;
    private ChatRequest longPrompt;
    private ChatRequest longProse;
    private String named;

    /** A provider that is only a name: routing decides before any call. */
    private record NamedProvider(String name) implements Provider {
        @Override
        public String catalogProvider() {
            return name;
        }

        @Override
        public WireFormat wireFormat() {
            return WireFormat.OPENAI;
        }

        @Override
        public UpstreamResponse chat(UpstreamCall call) {
            throw new UnsupportedOperationException("routing never calls");
        }
    }

    @Setup
    public void setUp() {
        ModelCatalog catalog = ModelCatalog.loadBundled();
        Map<String, List<Deployment>> declared = new LinkedHashMap<>();
        for (String id : MODELS) {
            CatalogEntry entry = catalog.byId(id).orElseThrow(() -> new IllegalStateException("not in the catalog: " + id));
            declared.put(entry.model(), List.of(new Deployment(new NamedProvider(entry.provider()), entry.model(), 1, Optional.of(entry))));
        }
        models = new ModelTable(Map.of(), declared, Map.of(), catalog);
        StaticPromptEmbedder embedder = StaticPromptEmbedder.loadBundled();
        Profile profile = new Profile(Router.AUTO, List.copyOf(declared.keySet()), 0.5, null, null);
        router = new Router(embedder, TaskClassifier.load(embedder),
                new KnnQualityPredictor(ReferenceSet.loadBundled(), new ModelNames(catalog), new CatalogPriors(catalog)), models,
                deployment -> Router.Health.Status.UNKNOWN, deployment -> false, new Redactor(), Map.of(profile.name(), profile), profile);
        // About 2,000 tokens: a code-review request with a long listing.
        String text = "Review this Java class for concurrency bugs and suggest fixes:\n"
                + "public final class Counter { private int n; public void inc() { n++; } public int get() { return n; } }\n".repeat(80);
        longPrompt = userAsks(text);
        // About 2,000 tokens of English.
        longProse = userAsks("Summarise this quarterly report for the board and list the three main risks it names:\n"
                + ("Revenue grew by eleven percent while costs rose faster than expected, mainly because of new hires in the sales"
                + " team and higher cloud spending; the company expects margins to recover next year as the new pricing takes"
                + " effect, although two large customers are still negotiating their renewals and one supplier has warned of"
                + " delays. ").repeat(27));
        named = declared.keySet().iterator().next();
    }

    private static ChatRequest userAsks(String text) {
        return new ChatRequest("auto", List.of(), List.of(new ChatRequest.Message(ChatRequest.Role.USER,
                List.of(ChatRequest.Text.of(text)))), List.of(), null, null, null, null, null, null, List.of(), null, null, false, null, null);
    }

    @Benchmark
    public Object autoDecision() {
        return router.route(longPrompt, Router.AUTO, Hints.NONE, Caller.UNGOVERNED);
    }

    @Benchmark
    public Object autoDecisionProse() {
        return router.route(longProse, Router.AUTO, Hints.NONE, Caller.UNGOVERNED);
    }

    @Benchmark
    public Object namedModel() {
        return Router.isAuto(named) ? null : models.resolve(named);
    }
}
