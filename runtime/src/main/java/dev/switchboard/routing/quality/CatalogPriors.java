package dev.switchboard.routing.quality;

import dev.switchboard.catalog.Benchmarks;
import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.ModelCatalog;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Quality priors for models without outcome data: the catalog's Artificial Analysis indexes (from
 * OpenRouter's listing), one per task — {@code coding} for the {@code code} task, {@code agentic}
 * for {@code tool_use}/{@code agentic}, {@code intelligence} otherwise, and {@code intelligence}
 * when the task's own index is missing — divided by 100 onto the predictor's [0, 1] scale.
 *
 * <p>These are public benchmark averages, not outcomes on the prompt: they rank models, they do
 * not know this prompt is easy. A model is found by catalog id ({@code provider/model}) or by its
 * upstream model name; a model that is in neither, or has no index, gets no prediction.
 */
public final class CatalogPriors implements QualityPredictor {
    // The indexes are published on a 0..100 scale.
    private static final double INDEX_SCALE = 100;

    private final ModelCatalog catalog;

    public CatalogPriors(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Map<String, Double> predict(float[] embedding, String task, Collection<String> models) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String model : models) {
            find(model).map(CatalogEntry::benchmarks)
                    .map(b -> index(b, task))
                    .ifPresent(index -> out.put(model, Math.min(1, Math.max(0, index / INDEX_SCALE))));
        }
        return out;
    }

    private Optional<CatalogEntry> find(String model) {
        return catalog.byId(model).or(() -> catalog.all().stream()
                .filter(e -> e.model().equalsIgnoreCase(model) && e.benchmarks() != null)
                .findFirst());
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
