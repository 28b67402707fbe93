package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RunningGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code GET /v1/models} lists: what the config serves, and a vendor's catalog only for that vendor's own provider. */
class ModelListingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> ids(RunningGateway gateway, String... headers) throws Exception {
        return JSON.readTree(gateway.get("/v1/models", headers).body()).path("data").findValuesAsText("id");
    }

    @Test
    void custom_named_anthropic_and_gemini_providers_list_their_configured_models_not_the_vendors_catalog() throws Exception {
        try (FakeVendor anthropic = new FakeVendor(FakeVendor.Format.ANTHROPIC);
             FakeVendor gemini = new FakeVendor(FakeVendor.Format.GEMINI);
             RunningGateway gateway = RunningGateway.start("providers:\n" + anthropic.providerYaml("claude", "k")
                     + gemini.providerYaml("google", "k") + """
                     models:
                       sonnet: {deployments: [{provider: claude, model: claude-sonnet-4-5-20250929}]}
                       haiku: {deployments: [{provider: claude, model: claude-haiku-4-5}]}
                       flash: {deployments: [{provider: google, model: gemini-2.5-flash}]}
                     """)) {
            assertThat(ids(gateway)).containsExactly("flash", "haiku", "sonnet");
            assertThat(ids(gateway, "anthropic-version", "2023-06-01")).containsExactly("flash", "haiku", "sonnet");
        }
    }

    @Test
    void a_provider_named_after_its_vendor_still_lists_the_vendors_catalog() throws Exception {
        try (RunningGateway gateway = RunningGateway.start("", Map.of("ANTHROPIC_API_KEY", "sk-ant-k"))) {
            assertThat(ids(gateway)).contains("anthropic/claude-sonnet-4-5-20250929").allMatch(id -> id.startsWith("anthropic/"));
        }
    }

    @Test
    void a_configured_models_entry_keeps_its_catalog_facts() throws Exception {
        try (FakeVendor anthropic = new FakeVendor(FakeVendor.Format.ANTHROPIC);
             RunningGateway gateway = RunningGateway.start("providers:\n" + anthropic.providerYaml("claude", "k") + """
                     models:
                       sonnet: {deployments: [{provider: claude, model: claude-sonnet-4-5-20250929}]}
                     """)) {
            JsonNode sonnet = JSON.readTree(gateway.get("/v1/models").body()).path("data").path(0);
            assertThat(sonnet.path("owned_by").asText()).isEqualTo("claude");
            assertThat(sonnet.path("context_window").asInt()).isPositive();
        }
    }
}
