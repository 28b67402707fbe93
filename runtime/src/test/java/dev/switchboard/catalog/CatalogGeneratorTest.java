package dev.switchboard.catalog;

import dev.switchboard.catalog.CatalogEntry.Mode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator over the real snapshots in {@code runtime/data}, and the checked-in files it must reproduce. */
class CatalogGeneratorTest {

    /** Tests run in the runtime module directory. */
    private static final Path PRICES = Path.of("data/prices");
    private static final Path BUNDLED = Path.of("src/main/resources/catalog");

    private static CatalogGenerator.Report report;

    @BeforeAll
    static void generate() throws IOException {
        report = CatalogGenerator.generate(PRICES.resolve("litellm-model-prices-2026-08-06.json"),
                PRICES.resolve("openrouter-models-2026-08-01.json"));
    }

    @Test
    void yieldsAtLeastTwoHundredPricedChatModelsFromTenProviders() {
        var pricedChat = report.entries().stream()
                .filter(entry -> entry.mode() == Mode.CHAT)
                .filter(entry -> entry.contextWindow() != null && entry.pricing().inputPerMTok() != null)
                .toList();

        assertThat(pricedChat).hasSizeGreaterThanOrEqualTo(200);
        assertThat(pricedChat.stream().map(CatalogEntry::provider).distinct()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(report.count(Mode.EMBEDDING)).isPositive();
    }

    @Test
    void convertsPerTokenPricesToExactPerMillionPrices() {
        CatalogEntry gpt4o = entry("openai/gpt-4o");

        assertThat(gpt4o.pricing()).isEqualTo(Pricing.perMillion("2.5", "10", "1.25", null));
        assertThat(gpt4o.contextWindow()).isEqualTo(128000);
        assertThat(gpt4o.maxOutputTokens()).isEqualTo(16384);
        assertThat(gpt4o.capabilities()).isEqualTo(new Capabilities(true, true, true, false, true));
    }

    @Test
    void stripsTheProviderPrefixFromTheUpstreamModelName() {
        assertThat(entry("groq/llama-3.3-70b-versatile").model()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(entry("openrouter/anthropic/claude-3.5-sonnet").model()).isEqualTo("anthropic/claude-3.5-sonnet");
        assertThat(entry("zhipu/glm-4.6").provider()).isEqualTo("zhipu");
    }

    @Test
    void leavesOutFineTuneTemplatesAndPriceTiers() {
        assertThat(report.entries()).extracting(CatalogEntry::model)
                .noneMatch(model -> model.startsWith("ft:") || model.startsWith("together-ai-"));
    }

    @Test
    void attachesOpenRouterBenchmarksToConfidentlyMatchedModels() {
        assertThat(entry("openai/gpt-5").benchmarks()).isEqualTo(new Benchmarks(34.7, 37.8, 25.7));
        assertThat(entry("anthropic/claude-sonnet-4-5-20250929").benchmarks()).isEqualTo(new Benchmarks(36.4, 52.1, 24.6));
        assertThat(entry("openrouter/openai/gpt-4o-2024-05-13").benchmarks()).isEqualTo(new Benchmarks(null, 24.2, null));
    }

    @Test
    void doesNotLendAnUndatedAliasTheBenchmarksOfADatedSnapshot() {
        // OpenRouter scores gpt-4o-2024-05-13 but not gpt-4o itself.
        assertThat(entry("openai/gpt-4o").benchmarks()).isNull();
    }

    @Test
    void withholdsLiteLlmsKnownWrongCachePrices() {
        assertThat(entry("deepseek/deepseek-v4-flash").pricing().cacheReadPerMTok()).isNull();
        assertThat(entry("deepseek/deepseek-chat").pricing().cacheWritePerMTok()).isNull();
        assertThat(entry("xai/grok-4.5").pricing().cacheReadPerMTok()).isNull();
        assertThat(report.findings()).extracting(Finding::id)
                .contains("deepseek/deepseek-v4-flash", "deepseek/deepseek-chat", "xai/grok-4.5");
    }

    @Test
    void checkedInCatalogIsExactlyWhatTheGeneratorProduces() throws IOException {
        assertThat(Files.readString(BUNDLED.resolve("models.json"))).isEqualTo(report.catalogJson());
    }

    @Test
    void checkedInFindingsAreExactlyWhatTheGeneratorProduces() throws IOException {
        assertThat(Files.readString(BUNDLED.resolve("findings.md"))).isEqualTo(report.findingsMarkdown());
    }

    @Test
    void bundledCatalogReadsBackAsExactlyTheGeneratedEntries() {
        assertThat(ModelCatalog.loadBundled().all()).isEqualTo(report.entries());
    }

    @Test
    void writesTheCatalogAndTheFindingsPageSideBySide(@TempDir Path dir) throws IOException {
        Path findings = CatalogGenerator.write(report, dir.resolve("out/models.json"));

        assertThat(findings).isEqualTo(dir.resolve("out/findings.md").toAbsolutePath());
        assertThat(Files.readString(dir.resolve("out/models.json"))).isEqualTo(report.catalogJson());
        assertThat(Files.readString(findings)).isEqualTo(report.findingsMarkdown());
    }

    private static CatalogEntry entry(String id) {
        return report.entries().stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("not in catalog: " + id));
    }
}
