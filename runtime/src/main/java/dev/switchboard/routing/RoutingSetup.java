package dev.switchboard.routing;

import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.ModelNames;
import dev.switchboard.config.ConfigSource;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.privacy.Redactor;
import dev.switchboard.provider.ProviderPreset;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.deployment.ModelTable;
import dev.switchboard.routing.classify.TaskClassifier;
import dev.switchboard.routing.embed.StaticPromptEmbedder;
import dev.switchboard.routing.quality.QualityPredictor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Builds the {@link Router} from the {@code routing:} config section. The profiles are checked at
 * start-up (a candidate the gateway cannot serve fails the start, naming it); the embedding table,
 * the classifier's examples and the reference set are loaded on the first routed request, so a
 * gateway that never sees {@code auto} never pays for them (about 0.2 s and 15 MB of heap).
 */
public final class RoutingSetup {
    private RoutingSetup() {
    }

    /**
     * @param chatModels the configured chat model names, for a default profile when the config names none
     * @param predictor  builds the quality predictor (from {@code routing.reference_set}) with the router, on first use
     * @return the router, built once on first use
     */
    public static Supplier<Router> create(GatewayConfig config, ConfigSource source, ModelTable models, ModelNames names,
                                          Router.Health health, List<String> chatModels, Supplier<QualityPredictor> predictor) {
        GatewayConfig.Routing routing = config.routing();
        Map<String, Profile> profiles = new LinkedHashMap<>();
        routing.profiles().forEach((name, settings) -> profiles.put(name, profile(name, settings, models, names, source)));
        Profile defaultProfile;
        if (routing.defaultProfile() != null) {
            defaultProfile = profiles.get(routing.defaultProfile());
            if (defaultProfile == null) {
                throw source.error("routing.default_profile", "no profile named '" + routing.defaultProfile() + "' (known: "
                        + String.join(", ", profiles.keySet()) + ")");
            }
        } else {
            defaultProfile = chatModels.isEmpty() ? null : new Profile(Router.AUTO, chatModels, Profile.DEFAULT_WEIGHT, null, null);
        }
        Predicate<Deployment> sensitiveAllowed = sensitiveDataAllowed(config, source);
        Profile fallback = defaultProfile;
        return new Once<>(() -> {
            StaticPromptEmbedder embedder = StaticPromptEmbedder.loadBundled();
            return new Router(embedder, TaskClassifier.load(embedder), predictor.get(), models, health, sensitiveAllowed, new Redactor(),
                    profiles, fallback);
        });
    }

    /** The configured models that answer chat: every one but those the catalog knows as embedding models. */
    public static List<String> chatModels(Map<String, List<Deployment>> declared) {
        return declared.entrySet().stream()
                .filter(e -> e.getValue().stream().noneMatch(d -> d.catalogEntry().map(c -> c.mode() == CatalogEntry.Mode.EMBEDDING).orElse(false)))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * A profile with each candidate as the gateway serves it: a name it serves as written, else the
     * servable name it means by {@link ModelNames} ({@code mixtral-8x7b-chat} for a model declared as
     * {@code mistralai/mixtral-8x7b-chat}).
     */
    private static Profile profile(String name, GatewayConfig.RoutingProfile settings, ModelTable models, ModelNames names,
                                   ConfigSource source) {
        String path = ConfigSource.child("routing.profiles", name);
        if (settings == null || settings.candidates().isEmpty()) {
            throw source.error(path, "a profile needs candidates: the models it chooses between");
        }
        List<String> candidates = new ArrayList<>(settings.candidates().size());
        for (int i = 0; i < settings.candidates().size(); i++) {
            String candidate = settings.candidates().get(i);
            String at = ConfigSource.index(path + ".candidates", i);
            try {
                candidates.add(models.serves(candidate) ? candidate : names.resolve(candidate, models.servableNames())
                        .orElseThrow(() -> source.error(at, "'" + candidate + "' is not a model this gateway serves")));
            } catch (IllegalArgumentException ambiguous) {
                throw source.error(at, ambiguous.getMessage());
            }
        }
        double weight = settings.qualityWeight() == null ? Profile.DEFAULT_WEIGHT : settings.qualityWeight();
        if (!(weight >= 0 && weight <= 1)) {
            throw source.error(path + ".quality_weight", "must be from 0 to 1, got " + weight);
        }
        return new Profile(name, candidates, weight, settings.maxCostUsd(), settings.latencyTargetMs());
    }

    /**
     * Which providers may receive prompts with sensitive data: those marked {@code sensitive_data: allowed};
     * unmarked, the local presets (ollama, vllm, lmstudio: the prompt stays on the user's machines)
     * and the in-process mock; every hosted provider is denied unless marked.
     */
    static Predicate<Deployment> sensitiveDataAllowed(GatewayConfig config, ConfigSource source) {
        Set<String> allowed = new java.util.HashSet<>(Set.of("mock"));
        config.providers().forEach((name, settings) -> {
            if (settings == null) {
                return;
            }
            boolean local = "mock".equals(settings.type())
                    || ProviderPreset.named(settings.preset() != null ? settings.preset() : name).map(ProviderPreset::local).orElse(false);
            boolean marked = settings.sensitiveData() == null ? local : switch (settings.sensitiveData()) {
                case "allowed" -> true;
                case "denied" -> false;
                default -> throw source.error(ConfigSource.child("providers", name) + ".sensitive_data",
                        "expected 'allowed' or 'denied', got '" + settings.sensitiveData() + "'");
            };
            if (marked) {
                allowed.add(name);
            } else {
                allowed.remove(name);
            }
        });
        return d -> allowed.contains(d.provider().name());
    }

    /** A value computed on first use, once, whatever the number of threads asking. */
    private static final class Once<T> implements Supplier<T> {
        private final Supplier<T> compute;
        private volatile T value;

        Once(Supplier<T> compute) {
            this.compute = compute;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    if (value == null) {
                        value = compute.get();
                    }
                    v = value;
                }
            }
            return v;
        }
    }
}
