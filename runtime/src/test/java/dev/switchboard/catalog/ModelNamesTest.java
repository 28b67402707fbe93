package dev.switchboard.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelNamesTest {
    private static final ModelCatalog CATALOG = ModelCatalog.of(List.of(
            // A catalog alias, as a config's catalog section writes one: the id is not the upstream name.
            new CatalogEntry("anthropic/claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5-20250929", CatalogEntry.Mode.CHAT,
                    null, null, null, null, null)));
    private static final List<String> ROUTERBENCH = List.of("gpt-4-1106-preview", "mistralai/mixtral-8x7b-chat",
            "meta/llama-2-70b-chat", "zero-one-ai/Yi-34B-Chat");
    private final ModelNames names = new ModelNames(CATALOG);

    @Test
    void aKnownNameIsItself() {
        assertThat(names.resolve("gpt-4-1106-preview", ROUTERBENCH)).hasValue("gpt-4-1106-preview");
    }

    @Test
    void aNameWithoutItsVendorPrefixFindsThePrefixedOne() {
        assertThat(names.resolve("mixtral-8x7b-chat", ROUTERBENCH)).hasValue("mistralai/mixtral-8x7b-chat");
    }

    @Test
    void aNameWithAVendorPrefixFindsTheBareOne() {
        assertThat(names.resolve("openai/gpt-4-1106-preview", ROUTERBENCH)).hasValue("gpt-4-1106-preview");
        assertThat(names.resolve("together/mistralai/mixtral-8x7b-chat", ROUTERBENCH)).hasValue("mistralai/mixtral-8x7b-chat");
    }

    @Test
    void anotherVendorsPrefixAndAnotherCaseStillFindTheModel() {
        assertThat(names.resolve("meta-llama/llama-2-70b-chat", ROUTERBENCH)).hasValue("meta/llama-2-70b-chat");
        assertThat(names.resolve("yi-34b-chat", ROUTERBENCH)).hasValue("zero-one-ai/Yi-34B-Chat");
    }

    @Test
    void aCatalogAliasFindsTheModelItStandsFor() {
        assertThat(names.resolve("claude-sonnet-4-5", List.of("claude-sonnet-4-5-20250929", "gpt-4o"))).hasValue("claude-sonnet-4-5-20250929");
        assertThat(names.resolve("claude-sonnet-4-5-20250929", List.of("anthropic/claude-sonnet-4-5"))).hasValue("anthropic/claude-sonnet-4-5");
    }

    @Test
    void aCloserRuleWinsOverAWiderOne() {
        assertThat(names.resolve("mistralai/mixtral-8x7b-chat", List.of("together/mistralai/mixtral-8x7b-chat", "fireworks/mixtral-8x7b-chat")))
                .hasValue("together/mistralai/mixtral-8x7b-chat");
    }

    @Test
    void aNameThatCouldMeanSeveralIsAnErrorNamingThem() {
        assertThatThrownBy(() -> names.resolve("mixtral-8x7b-chat", List.of("mistralai/mixtral-8x7b-chat", "together/mixtral-8x7b-chat")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mixtral-8x7b-chat' is ambiguous")
                .hasMessageContaining("mistralai/mixtral-8x7b-chat, together/mixtral-8x7b-chat");
    }

    @Test
    void anUnknownNameFindsNothing() {
        assertThat(names.resolve("mixtral-8x22b-chat", ROUTERBENCH)).isEmpty();
    }
}
