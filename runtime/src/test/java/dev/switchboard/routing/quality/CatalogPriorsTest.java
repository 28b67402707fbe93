package dev.switchboard.routing.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.catalog.Benchmarks;
import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.ModelCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogPriorsTest {
    private static final ModelCatalog CATALOG = ModelCatalog.of(List.of(
            entry("acme", "smart-1", new Benchmarks(60.0, 80.0, 40.0)),
            entry("acme", "partial-1", new Benchmarks(30.0, null, null)),
            entry("acme", "plain-1", null),
            entry("groq", "openai/gpt-oss-120b", new Benchmarks(24.0, 30.0, 13.0)),
            entry("together", "openai/gpt-oss-120b", new Benchmarks(24.0, 30.0, 13.0)),
            entry("cerebras", "gpt-oss-120b", null),
            entry("one", "twin-7b", new Benchmarks(10.0, null, null)),
            entry("other", "twin-7b", new Benchmarks(50.0, null, null))));
    private final CatalogPriors priors = new CatalogPriors(CATALOG);

    @Test
    void eachTaskReadsItsOwnIndexOnAZeroToOneScale() {
        assertThat(priors.predict(new float[0], "code", List.of("acme/smart-1")).get("acme/smart-1")).isCloseTo(0.8, within(1e-9));
        assertThat(priors.predict(new float[0], "tool_use", List.of("acme/smart-1")).get("acme/smart-1")).isCloseTo(0.4, within(1e-9));
        assertThat(priors.predict(new float[0], "chat", List.of("acme/smart-1")).get("acme/smart-1")).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void aModelIsFoundByItsUpstreamNameToo() {
        assertThat(priors.predict(new float[0], "maths", List.of("smart-1"))).containsEntry("smart-1", 0.6);
    }

    @Test
    void aMissingTaskIndexFallsBackToIntelligence() {
        assertThat(priors.predict(new float[0], "code", List.of("acme/partial-1"))).containsEntry("acme/partial-1", 0.3);
    }

    @Test
    void modelsWithoutBenchmarksOrNotInTheCatalogGetNoPrior() {
        Map<String, Double> predicted = priors.predict(new float[0], "chat", List.of("acme/plain-1", "nobody/none"));

        assertThat(predicted).isEmpty();
    }

    @Test
    void aModelNamedWithAnotherHostsPrefixGetsThePriorItsHostsShare() {
        assertThat(priors.predict(new float[0], "chat", List.of("cerebras/gpt-oss-120b", "gpt-oss-120b")))
                .containsEntry("cerebras/gpt-oss-120b", 0.24).containsEntry("gpt-oss-120b", 0.24);
    }

    @Test
    void aNameThatCouldMeanModelsWithDifferentIndexesGetsNoPrior() {
        assertThat(priors.predict(new float[0], "chat", List.of("twin-7b"))).isEmpty();
    }

    private static CatalogEntry entry(String provider, String model, Benchmarks benchmarks) {
        return new CatalogEntry(provider + "/" + model, provider, model, CatalogEntry.Mode.CHAT, null, null, null, null, benchmarks);
    }
}
