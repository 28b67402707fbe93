package dev.switchboard.routing;

import dev.switchboard.auth.Caller;
import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.privacy.Redactor;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.deployment.ModelTable;
import dev.switchboard.routing.choice.Candidate;
import dev.switchboard.routing.choice.TradeOff;
import dev.switchboard.routing.classify.TaskClassifier;
import dev.switchboard.routing.embed.PromptEmbedder;
import dev.switchboard.routing.quality.QualityPredictor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Chooses a model for a request sent as {@code model: "auto"} or {@code auto:<profile>}, in-process
 * and without calling any model. Agent steps and the chat endpoints call the same {@link #route}.
 *
 * <p>The pipeline is the body of {@link #route}, in this order: features → task → capability
 * filter → privacy filter → quality prediction → cost and latency prediction → constraints →
 * trade-off. Every filter writes why it dropped a candidate into the decision, so the dry-run
 * endpoint shows the whole path. When the quality predictor knows none of the candidates, the
 * choice is the cheapest one whatever the weight (a defined, conservative behaviour: with no
 * evidence that the dearer model is better, do not pay for it); ties go by name.
 *
 * <p>Thread-safe: the router holds only immutable tables and thread-safe collaborators.
 */
public final class Router {
    /** The model name prefix that asks for routing. */
    public static final String AUTO = "auto";

    /** What the gateway has observed of a deployment, for the circuit filter and the latency prediction. */
    @FunctionalInterface
    public interface Health {
        /** @return the deployment's state; {@link Status#UNKNOWN} when never observed */
        Status of(Deployment deployment);

        /** @param latencyMs recent average latency (whole answer), NaN when unknown */
        record Status(boolean circuitOpen, double latencyMs) {
            public static final Status UNKNOWN = new Status(false, Double.NaN);
        }
    }

    private final PromptEmbedder embedder;
    private final TaskClassifier classifier;
    private final QualityPredictor predictor;
    private final ModelTable models;
    private final Health health;
    private final Predicate<Deployment> sensitiveAllowed;
    private final Redactor redactor;
    private final Map<String, Profile> profiles;
    private final Profile defaultProfile;

    /**
     * @param sensitiveAllowed whether a deployment may receive prompts with sensitive data
     * @param profiles         named profiles; {@code defaultProfile} is what plain {@code auto} uses, null when there is nothing to route between
     */
    public Router(PromptEmbedder embedder, TaskClassifier classifier, QualityPredictor predictor, ModelTable models,
                  Health health, Predicate<Deployment> sensitiveAllowed, Redactor redactor, Map<String, Profile> profiles,
                  Profile defaultProfile) {
        this.embedder = embedder;
        this.classifier = classifier;
        this.predictor = predictor;
        this.models = models;
        this.health = health;
        this.sensitiveAllowed = sensitiveAllowed;
        this.redactor = redactor;
        this.profiles = Map.copyOf(profiles);
        this.defaultProfile = defaultProfile;
    }

    /** True for {@code auto} and {@code auto:<profile>}: names the router serves, not a model. Costs a string comparison. */
    public static boolean isAuto(String model) {
        return model.startsWith(AUTO) && (model.length() == AUTO.length() || model.charAt(AUTO.length()) == ':');
    }

    /**
     * Decides which model serves {@code request}.
     *
     * @param requested {@code auto} or {@code auto:<profile>}
     * @throws GatewayException.InvalidRequest for an unknown profile, or when no candidate can serve the request
     * @throws GatewayException.Forbidden      when sensitive data was found and no candidate may receive it
     */
    public Decision route(ChatRequest request, String requested, Hints hints, Caller caller) {
        Profile profile = profile(requested);
        Hints wanted = hints.or(profile.asHints());
        Features features = Features.of(request, redactor);
        TaskClassifier.Classification task = wanted.task() != null
                ? new TaskClassifier.Classification(wanted.task(), "hint")
                : classifier.classify(features);
        List<String> filters = new ArrayList<>();
        List<Option> options = resolve(profile, caller, filters);
        options = capable(options, features, wanted, filters);
        Set<String> sensitiveProviders = null;
        if (!features.sensitive().isEmpty()) {
            options = privacyFiltered(options, features, filters);
            sensitiveProviders = providers(options);
        }
        if (options.isEmpty()) {
            throw new GatewayException.InvalidRequest("No model of routing profile '" + profile.name()
                    + "' can serve this request: " + String.join("; ", filters) + ".", "model");
        }
        Map<String, Double> quality = predictor.predict(embedder.embed(features.ask()), task.task().wireName(),
                options.stream().map(Option::model).toList());
        int outputTokens = features.maxTokens() != null ? Math.min(features.maxTokens(), task.task().expectedOutputTokens() * 4)
                : task.task().expectedOutputTokens();
        List<Candidate> candidates = priced(options, quality, features.promptTokens(), outputTokens);
        candidates = withinConstraints(candidates, wanted, filters);
        boolean predicted = candidates.stream().anyMatch(c -> quality.containsKey(c.model()));
        double weight = wanted.qualityWeight() != null ? wanted.qualityWeight() : Profile.DEFAULT_WEIGHT;
        List<TradeOff.Ranked> ranked = TradeOff.rank(candidates, predicted ? weight : 0);
        Candidate best = ranked.get(0).candidate();
        String reason = !predicted ? "no quality predictions, cheapest"
                : ranked.size() == 1 ? "only candidate left"
                : "best utility at weight " + weight;
        return new Decision(best.model(), profile.name(), task.task(), task.reason(), weight, features, filters,
                ranked.stream().map(r -> scored(r, quality)).toList(), reason, sensitiveProviders);
    }

    private Profile profile(String requested) {
        if (requested.equals(AUTO)) {
            if (defaultProfile == null) {
                throw new GatewayException.InvalidRequest("There are no models to route between: configure routing.profiles,"
                        + " or models, to use 'auto'.", "model");
            }
            return defaultProfile;
        }
        String name = requested.substring(AUTO.length() + 1);
        Profile profile = profiles.get(name);
        if (profile == null) {
            throw new GatewayException.InvalidRequest("Unknown routing profile '" + name + "' (known: "
                    + String.join(", ", new java.util.TreeSet<>(profiles.keySet())) + ").", "model");
        }
        return profile;
    }

    /** A candidate model and the deployments a plan for it would use. */
    private record Option(String model, List<Deployment> deployments) {
    }

    /** The profile's candidates the caller may call, resolved to deployments; circuits open on every deployment drop a model. */
    private List<Option> resolve(Profile profile, Caller caller, List<String> filters) {
        List<Option> out = new ArrayList<>();
        for (String name : profile.candidates()) {
            ModelTable.Target target = models.resolve(name);
            if (!caller.mayCall(name) || !caller.mayCall(target.model())) {
                filters.add(name + ": not allowed for this API key");
            } else if (target.deployments().stream().allMatch(d -> health.of(d).circuitOpen())) {
                filters.add(name + ": circuit open");
            } else {
                out.add(new Option(name, target.deployments()));
            }
        }
        return out;
    }

    /** Drops models that declare too small a context window or lack a needed capability; a model the catalog does not know is kept. */
    private static List<Option> capable(List<Option> options, Features features, Hints wanted, List<String> filters) {
        Set<String> needed = new LinkedHashSet<>(features.requiredCapabilities());
        needed.addAll(wanted.capabilities());
        List<Option> out = new ArrayList<>();
        for (Option option : options) {
            List<CatalogEntry> known = option.deployments().stream().flatMap(d -> d.catalogEntry().stream()).toList();
            Optional<Integer> window = known.stream().map(CatalogEntry::contextWindow).filter(java.util.Objects::nonNull)
                    .max(Integer::compare);
            List<String> missing = known.isEmpty() ? List.of()
                    : needed.stream().filter(c -> known.stream().noneMatch(e -> declares(e, c))).toList();
            if (window.isPresent() && window.get() < features.promptTokens()) {
                filters.add(option.model() + ": context window " + window.get() + " < " + features.promptTokens() + " prompt tokens");
            } else if (!missing.isEmpty()) {
                filters.add(option.model() + ": no " + String.join(", ", missing));
            } else {
                out.add(option);
            }
        }
        return out;
    }

    private static boolean declares(CatalogEntry entry, String capability) {
        return switch (capability) {
            case "tools" -> entry.capabilities().tools();
            case "vision" -> entry.capabilities().vision();
            case "json_schema" -> entry.capabilities().jsonSchema();
            case "reasoning" -> entry.capabilities().reasoning();
            default -> throw new IllegalArgumentException(capability);
        };
    }

    /**
     * Keeps models whose every deployment may receive sensitive data, so no balancing or retry can
     * send the prompt elsewhere.
     *
     * @throws GatewayException.Forbidden when none is left
     */
    private List<Option> privacyFiltered(List<Option> options, Features features, List<String> filters) {
        List<Option> out = new ArrayList<>();
        for (Option option : options) {
            if (option.deployments().stream().allMatch(sensitiveAllowed)) {
                out.add(option);
            } else {
                filters.add(option.model() + ": not allowed to receive sensitive data");
            }
        }
        if (out.isEmpty()) {
            String kinds = String.join(", ", new java.util.TreeSet<>(features.sensitive()));
            throw new GatewayException.Forbidden("This prompt contains sensitive data (" + kinds + ") and none of the candidate"
                    + " models is allowed to receive it. Remove it, or route to a provider marked 'sensitive_data: allowed'.");
        }
        return out;
    }

    private static Set<String> providers(List<Option> options) {
        Set<String> names = new LinkedHashSet<>();
        options.forEach(o -> o.deployments().forEach(d -> names.add(d.provider().name())));
        return names;
    }

    /**
     * Quality as predicted (0.5, neutral, for a model without a prediction), cost at the cheapest
     * deployment's catalog prices, latency as the fastest deployment's observed average. A model
     * without known prices is costed as the dearest priced candidate: not knowing is no reason to prefer it.
     */
    private List<Candidate> priced(List<Option> options, Map<String, Double> quality, int promptTokens, int outputTokens) {
        double[] costs = new double[options.size()];
        double dearest = 0;
        for (int i = 0; i < options.size(); i++) {
            costs[i] = options.get(i).deployments().stream().map(Deployment::pricing)
                    .filter(p -> p.inputPerMTok() != null && p.outputPerMTok() != null)
                    .mapToDouble(p -> cost(p, promptTokens, outputTokens)).min().orElse(Double.NaN);
            if (!Double.isNaN(costs[i])) {
                dearest = Math.max(dearest, costs[i]);
            }
        }
        List<Candidate> out = new ArrayList<>(options.size());
        for (int i = 0; i < options.size(); i++) {
            Option option = options.get(i);
            double latency = option.deployments().stream().mapToDouble(d -> health.of(d).latencyMs())
                    .filter(l -> !Double.isNaN(l)).min().orElse(Double.NaN);
            double q = Math.clamp(quality.getOrDefault(option.model(), 0.5), 0, 1);
            out.add(new Candidate(option.model(), q, Double.isNaN(costs[i]) ? dearest : costs[i], latency));
        }
        return out;
    }

    static double cost(Pricing pricing, int promptTokens, int outputTokens) {
        return (promptTokens * pricing.inputPerMTok().doubleValue() + outputTokens * pricing.outputPerMTok().doubleValue()) / 1e6;
    }

    /**
     * A cost limit is hard (no candidate within it is an error naming the hint); a latency target is
     * soft: slower candidates are dropped only while one that meets it, or is unmeasured, remains.
     */
    private static List<Candidate> withinConstraints(List<Candidate> candidates, Hints wanted, List<String> filters) {
        List<Candidate> out = candidates;
        if (wanted.maxCostUsd() != null) {
            out = out.stream().filter(c -> c.costUsd() <= wanted.maxCostUsd()).toList();
            candidates.stream().filter(c -> !(c.costUsd() <= wanted.maxCostUsd()))
                    .forEach(c -> filters.add(c.model() + ": predicted cost " + usd(c.costUsd()) + " over max_cost " + wanted.maxCostUsd()));
            if (out.isEmpty()) {
                throw new GatewayException.InvalidRequest("No candidate model is predicted to cost at most max_cost "
                        + wanted.maxCostUsd() + " USD for this request: " + String.join("; ", filters) + ".", Hints.HEADER);
            }
        }
        if (wanted.latencyMs() != null) {
            List<Candidate> fast = out.stream().filter(c -> Double.isNaN(c.latencyMs()) || c.latencyMs() <= wanted.latencyMs()).toList();
            if (!fast.isEmpty() && fast.size() < out.size()) {
                out.stream().filter(c -> !fast.contains(c))
                        .forEach(c -> filters.add(c.model() + ": latency " + Math.round(c.latencyMs()) + " ms over " + wanted.latencyMs()));
                out = fast;
            }
        }
        return out;
    }

    private static String usd(double cost) {
        return String.format(java.util.Locale.ROOT, "%.6f", cost);
    }

    private static Decision.Scored scored(TradeOff.Ranked ranked, Map<String, Double> quality) {
        Candidate c = ranked.candidate();
        return new Decision.Scored(c.model(), quality.containsKey(c.model()) ? c.quality() : null, c.costUsd(),
                Double.isNaN(c.latencyMs()) ? null : c.latencyMs(), ranked.utility());
    }
}
