package dev.switchboard.catalog;

import dev.switchboard.catalog.CatalogEntry.Mode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ModelCatalog}: lookups, overrides and suggestions over the bundled catalog. */
class CatalogLookupTest {

    private static ModelCatalog bundled;

    @BeforeAll
    static void load() {
        bundled = ModelCatalog.loadBundled();
    }

    @Test
    void loadsTheBundledCatalogSortedById() {
        assertThat(bundled.all()).hasSizeGreaterThan(200);
        assertThat(bundled.all()).isSortedAccordingTo(Comparator.comparing(CatalogEntry::id));
    }

    @Test
    void findsAnEntryByIdOrByProviderAndUpstreamNameIgnoringCase() {
        assertThat(bundled.byId("OpenAI/GPT-4o")).map(CatalogEntry::model).contains("gpt-4o");
        assertThat(bundled.find("groq", "llama-3.3-70b-versatile")).map(CatalogEntry::id)
                .contains("groq/llama-3.3-70b-versatile");
        assertThat(bundled.find("openai", "no-such-model")).isEmpty();
    }

    @Test
    void listsAProvidersEntries() {
        assertThat(bundled.byProvider("anthropic")).isNotEmpty()
                .allSatisfy(entry -> assertThat(entry.provider()).isEqualTo("anthropic"));
        assertThat(bundled.byProvider("nobody")).isEmpty();
    }

    @Test
    void overridesReplaceEntriesWithTheSameIdAndAddNewOnes() {
        CatalogEntry cheaper = new CatalogEntry("openai/gpt-4o", "openai", "gpt-4o", Mode.CHAT, 128000, 16384,
                Capabilities.NONE, Pricing.perMillion("1", "4", null, null), null);
        CatalogEntry local = new CatalogEntry("vllm/my-model", "vllm", "my-model", Mode.CHAT, 32768, null,
                Capabilities.NONE, Pricing.perMillion("0", "0", null, null), null);

        ModelCatalog merged = bundled.withOverrides(List.of(cheaper, local));

        assertThat(merged.byId("openai/gpt-4o")).contains(cheaper);
        assertThat(merged.find("vllm", "my-model")).contains(local);
        assertThat(merged.all()).hasSize(bundled.all().size() + 1);
        assertThat(bundled.byId("openai/gpt-4o")).isNotEqualTo(merged.byId("openai/gpt-4o"));
    }

    @Test
    void rejectsTwoEntriesWithTheSameId() {
        CatalogEntry entry = new CatalogEntry("a/b", "a", "b", Mode.CHAT, 1000, null, null, null, null);

        assertThatThrownBy(() -> ModelCatalog.of(List.of(entry, entry)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a/b");
    }

    private List<String> closest(String unknown, int max) {
        return NameDistance.closest(unknown, bundled.all().stream().map(CatalogEntry::id).toList(), max);
    }

    @Test
    void suggestsTheIntendedModelForAMissingDash() {
        assertThat(closest("gpt4o", 5)).startsWith("openai/gpt-4o").contains("openai/gpt-4o-mini");
    }

    @Test
    void suggestsTheIntendedModelForTypicalTypos() {
        assertThat(closest("claude-sonet-4-5", 3)).first().isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(closest("gemni-2.5-pro", 3)).first().isEqualTo("gemini/gemini-2.5-pro");
        assertThat(closest("gpt-5-mnii", 3)).first().isEqualTo("openai/gpt-5-mini");
        assertThat(closest("deepseek/deepseek-chta", 3)).first().isEqualTo("deepseek/deepseek-chat");
    }

    @Test
    void suggestsNothingForANameFarFromEveryModel() {
        assertThat(closest("zzzzzzzzzzzz", 5)).isEmpty();
    }

    @Test
    void readsTheCatalogJsonFormat() throws IOException {
        String json = """
                {"source": {"litellm": "l.json", "openrouter": "o.json"},
                 "models": [
                   {"id": "openai/gpt-4o", "provider": "openai", "model": "gpt-4o", "mode": "chat",
                    "context_window": 128000, "max_output_tokens": 16384,
                    "capabilities": {"tools": true, "vision": true, "json_schema": true, "reasoning": false, "prompt_caching": true},
                    "pricing": {"input": "2.5", "output": "10", "cache_read": "1.25", "cache_write": null},
                    "benchmarks": {"intelligence": 29.5, "coding": 24.1, "agentic": null}}]}""";

        List<CatalogEntry> entries = CatalogJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

        assertThat(entries).containsExactly(new CatalogEntry("openai/gpt-4o", "openai", "gpt-4o", Mode.CHAT,
                128000, 16384, new Capabilities(true, true, true, false, true),
                Pricing.perMillion("2.5", "10", "1.25", null), new Benchmarks(29.5, 24.1, null)));
    }

    @Test
    void writesPricesAsPlainDecimalStrings() {
        CatalogEntry entry = new CatalogEntry("x/y", "x", "y", Mode.EMBEDDING, 8192, null, Capabilities.NONE,
                Pricing.perMillion("1E+1", "0", null, null), null);

        assertThat(CatalogJson.write("l.json", "o.json", List.of(entry))).isEqualTo("""
                {
                  "source": {"litellm":"l.json","openrouter":"o.json"},
                  "models": [
                    {"id":"x/y","provider":"x","model":"y","mode":"embedding","context_window":8192,\
                "max_output_tokens":null,"capabilities":{"tools":false,"vision":false,"json_schema":false,\
                "reasoning":false,"prompt_caching":false},"pricing":{"input":"10","output":"0","cache_read":null,\
                "cache_write":null},"benchmarks":null}
                  ]
                }
                """);
    }
}
