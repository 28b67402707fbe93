package dev.switchboard.routing.quality;

import dev.switchboard.catalog.Benchmarks;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.catalog.ModelNames;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quality priors for models without outcome data: the catalog's Artificial Analysis indexes (from
 * OpenRouter's listing), one per task — {@code coding} for the {@code code} task, {@code agentic}
 * for {@code tool_use}/{@code agentic}, {@code intelligence} otherwise, and {@code intelligence}
 * when the task's own index is missing — divided by 100 onto the predictor's [0, 1] scale.
 *
 * <p>These are public benchmark averages, not outcomes on the prompt: they rank models, they do
 * not know this prompt is easy. A model is found among the catalog's benchmarked entries by
 * {@link ModelNames} (its id, its upstream name, with or without vendor prefixes, a catalog
 * alias). The same model at several hosts ({@code groq/openai/gpt-oss-120b},
 * {@code together/openai/gpt-oss-120b}) carries the same indexes; a name that could mean models
 * with different indexes gets no prior rather than a guess, as does a name found nowhere. What a
 * name resolved to is cached: the names asked are a profile's candidates, and resolving scans the catalog.
 */
public final class CatalogPriors implements QualityPredictor {
    // The indexes are published on a 0..100 scale.
    private static final double INDEX_SCALE = 100;

    private final ModelNames names;
    private final Map<String, Benchmarks> benchmarked = new LinkedHashMap<>();
    private final Map<String, Optional<Benchmarks>> byName = new ConcurrentHashMap<>();

    public CatalogPriors(ModelCatalog catalog) {
        this.names = new ModelNames(catalog);
        catalog.all().stream().filter(e -> e.benchmarks() != null).forEach(e -> benchmarked.put(e.id(), e.benchmarks()));
    }

    @Override
    public Map<String, Double> predict(float[] embedding, String task, Collection<String> models) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String model : models) {
            byName.computeIfAbsent(model, this::find)
                    .map(b -> index(b, task))
                    .ifPresent(index -> out.put(model, Math.min(1, Math.max(0, index / INDEX_SCALE))));
        }
        return out;
    }

    private Optional<Benchmarks> find(String model) {
        List<Benchmarks> found = names.matches(model, benchmarked.keySet()).stream().map(benchmarked::get).distinct().toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private static Double index(Benchmarks b, String task) {
        Double specific = switch (task == null ? "" : task) {
            case "code" -> b.coding();
            case "tool_use", "agentic" -> b.agentic();
            default -> b.intelligence();
        };
        return specific != null ? specific : b.intelligence();
    }
}
