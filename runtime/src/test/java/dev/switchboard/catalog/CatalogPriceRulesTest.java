package dev.switchboard.catalog;

import dev.switchboard.catalog.Finding.Action;
import dev.switchboard.catalog.Finding.Rule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Each suspicious-price rule catches a hand-made bad LiteLLM entry and applies its policy. */
class CatalogPriceRulesTest {

    private static final String NO_OPENROUTER = """
            {"data": []}""";

    @Test
    void cacheReadAboveInputIsNulled() throws IOException {
        var report = generate("""
                "deepseek/bad": {"litellm_provider": "deepseek", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "cache_read_input_token_cost": 2e-06}
                """);

        assertThat(report.findings()).extracting(Finding::rule, Finding::field, Finding::action)
                .containsExactly(tuple(Rule.CACHE_READ_ABOVE_INPUT, "pricing.cache_read", Action.NULLED_FIELD));
        assertThat(only(report).pricing()).isEqualTo(Pricing.perMillion("1", "2", null, null));
    }

    @Test
    void cacheReadBelowFivePercentOfInputIsNulled() throws IOException {
        var report = generate("""
                "deepseek/bad": {"litellm_provider": "deepseek", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 1.4e-07, "output_cost_per_token": 2.8e-07, "cache_read_input_token_cost": 2.8e-09}
                """);

        assertThat(report.findings()).extracting(Finding::rule, Finding::value)
                .containsExactly(tuple(Rule.CACHE_READ_DISCOUNT_TOO_DEEP, "0.0028 (input 0.14)"));
        assertThat(only(report).pricing().cacheReadPerMTok()).isNull();
    }

    @Test
    void zeroCacheWriteNextToARealInputPriceIsNulled() throws IOException {
        var report = generate("""
                "zai/bad": {"litellm_provider": "zai", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 6e-07, "output_cost_per_token": 2.2e-06, "cache_creation_input_token_cost": 0}
                """);

        assertThat(report.findings()).extracting(Finding::id, Finding::rule)
                .containsExactly(tuple("zhipu/bad", Rule.CACHE_WRITE_BELOW_INPUT));
        assertThat(only(report).pricing().cacheWritePerMTok()).isNull();
    }

    @Test
    void cacheWriteAboveTwiceInputIsNulled() throws IOException {
        var report = generate("""
                "anthropic/bad": {"litellm_provider": "anthropic", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "cache_creation_input_token_cost": 3.75e-05}
                """);

        assertThat(report.findings()).extracting(Finding::rule).containsExactly(Rule.CACHE_WRITE_TOO_HIGH);
        assertThat(only(report).pricing().cacheWritePerMTok()).isNull();
    }

    @Test
    void outputFarBelowInputNullsBothPrices() throws IOException {
        var report = generate("""
                "mistral/bad": {"litellm_provider": "mistral", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 1e-05, "output_cost_per_token": 1e-06}
                """);

        assertThat(report.findings()).extracting(Finding::rule, Finding::field).containsExactlyInAnyOrder(
                tuple(Rule.OUTPUT_BELOW_INPUT, "pricing.input"), tuple(Rule.OUTPUT_BELOW_INPUT, "pricing.output"));
        assertThat(only(report).pricing()).isEqualTo(Pricing.UNKNOWN);
    }

    @Test
    void zeroPricesOnAPaidHostedProviderAreNulled() throws IOException {
        var report = generate("""
                "groq/free-lunch": {"litellm_provider": "groq", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 0, "output_cost_per_token": 0.0}
                """);

        assertThat(report.findings()).extracting(Finding::rule).containsOnly(Rule.ZERO_PRICE).hasSize(2);
        assertThat(only(report).pricing()).isEqualTo(Pricing.UNKNOWN);
    }

    @Test
    void zeroPricesOnALocalRuntimeAreKept() throws IOException {
        var report = generate("""
                "ollama/llama3": {"litellm_provider": "ollama", "mode": "chat", "max_input_tokens": 8192,
                  "input_cost_per_token": 0.0, "output_cost_per_token": 0.0}
                """);

        assertThat(report.findings()).isEmpty();
        assertThat(only(report).pricing()).isEqualTo(Pricing.perMillion("0", "0", null, null));
    }

    @Test
    void negativePriceIsNulled() throws IOException {
        var report = generate("""
                "xai/bad": {"litellm_provider": "xai", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": -1e-06, "output_cost_per_token": 1e-06}
                """);

        assertThat(report.findings()).extracting(Finding::rule, Finding::field)
                .containsExactly(tuple(Rule.NEGATIVE_PRICE, "pricing.input"));
        assertThat(only(report).pricing().inputPerMTok()).isNull();
    }

    @Test
    void priceAboveTheCeilingIsNulled() throws IOException {
        var report = generate("""
                "openai/bad": {"litellm_provider": "openai", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 2.5, "output_cost_per_token": 10.0}
                """);

        assertThat(report.findings()).extracting(Finding::rule).containsOnly(Rule.PRICE_ABOVE_CEILING).hasSize(2);
        assertThat(only(report).pricing()).isEqualTo(Pricing.UNKNOWN);
    }

    @Test
    void maxOutputAboveTheContextWindowIsNulled() throws IOException {
        var report = generate("""
                "cerebras/bad": {"litellm_provider": "cerebras", "mode": "chat", "max_input_tokens": 8192,
                  "max_output_tokens": 65536, "input_cost_per_token": 1e-07, "output_cost_per_token": 1e-07}
                """);

        assertThat(report.findings()).extracting(Finding::rule, Finding::value)
                .containsExactly(tuple(Rule.MAX_OUTPUT_EXCEEDS_CONTEXT, "65536 (context 8192)"));
        assertThat(only(report).maxOutputTokens()).isNull();
    }

    @Test
    void missingContextWindowDropsTheEntry() throws IOException {
        var report = generate("""
                "together_ai/org/model": {"litellm_provider": "together_ai", "mode": "chat",
                  "input_cost_per_token": 1e-07, "output_cost_per_token": 1e-07}
                """);

        assertThat(report.findings()).extracting(Finding::id, Finding::rule, Finding::action)
                .containsExactly(tuple("together/org/model", Rule.MISSING_CONTEXT_WINDOW, Action.DROPPED_ENTRY));
        assertThat(report.entries()).isEmpty();
    }

    @Test
    void duplicateKeysThatDisagreeShipNeitherValue() throws IOException {
        var report = generate("""
                "gemini-flash-latest": {"litellm_provider": "gemini", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 3e-07, "output_cost_per_token": 2.5e-06, "cache_read_input_token_cost": 3e-08},
                "gemini/gemini-flash-latest": {"litellm_provider": "gemini", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 3e-07, "output_cost_per_token": 2.5e-06, "cache_read_input_token_cost": 7.5e-08}
                """);

        assertThat(report.findings()).extracting(Finding::rule, Finding::field)
                .containsExactly(tuple(Rule.DUPLICATE_KEY_CONFLICT, "pricing.cache_read"));
        assertThat(only(report).pricing()).isEqualTo(Pricing.perMillion("0.3", "2.5", null, null));
    }

    @Test
    void vendorPriceThatDisagreesWithOpenRouterIsNulled() throws IOException {
        String openRouter = """
                {"data": [{"id": "openai/gpt-9", "canonical_slug": "openai/gpt-9-20260101", "hugging_face_id": null,
                  "pricing": {"prompt": "0.000001", "completion": "0.000012"}}]}""";
        var report = CatalogGenerator.generate("litellm.json", """
                {"gpt-9": {"litellm_provider": "openai", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 2e-06, "output_cost_per_token": 1.2e-05}}""", "openrouter.json", openRouter);

        assertThat(report.findings()).extracting(Finding::rule, Finding::field)
                .containsExactly(tuple(Rule.DISAGREES_WITH_OPENROUTER, "pricing.input"));
        assertThat(only(report).pricing()).isEqualTo(Pricing.perMillion(null, "12", null, null));
    }

    @Test
    void openWeightsListingsOnOpenRouterAreNotTreatedAsVendorPrices() throws IOException {
        // Third-party hosts set the OpenRouter price of open-weights models, so it says nothing about the vendor's.
        String openRouter = """
                {"data": [{"id": "openai/gpt-oss-9", "hugging_face_id": "openai/gpt-oss-9",
                  "pricing": {"prompt": "0.00000001", "completion": "0.00000002"}}]}""";
        var report = CatalogGenerator.generate("litellm.json", """
                {"gpt-oss-9": {"litellm_provider": "openai", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 1e-07, "output_cost_per_token": 4e-07}}""", "openrouter.json", openRouter);

        assertThat(report.findings()).isEmpty();
    }

    @Test
    void findingsPageListsEveryFindingWithItsRule() throws IOException {
        var report = generate("""
                "deepseek/bad": {"litellm_provider": "deepseek", "mode": "chat", "max_input_tokens": 1000,
                  "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "cache_read_input_token_cost": 2e-06}
                """);

        assertThat(report.findingsMarkdown())
                .contains("| `deepseek/bad` | pricing.cache_read | 2 (input 1) | cache-read-above-input | nulled field |");
    }

    private static CatalogGenerator.Report generate(String litellmEntries) throws IOException {
        return CatalogGenerator.generate("litellm.json", "{" + litellmEntries + "}", "openrouter.json", NO_OPENROUTER);
    }

    private static CatalogEntry only(CatalogGenerator.Report report) {
        List<CatalogEntry> entries = report.entries();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
