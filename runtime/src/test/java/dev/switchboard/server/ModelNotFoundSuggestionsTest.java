package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.RunningGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regression: with no provider key, {@code "model": "gpt-4o-mini"} got a 404 suggesting
 * {@code openai/gpt-4o-mini}, which 404'd in turn and suggested itself. A 404 suggests only names the
 * gateway serves, and says which key variable would enable a provider of the asked-for model.
 */
class ModelNotFoundSuggestionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode notFound(RunningGateway gateway, String model) throws Exception {
        var response = gateway.post("/v1/chat/completions",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        return JSON.readTree(response.body()).path("error");
    }

    private static List<String> suggestions(JsonNode error) {
        List<String> names = new ArrayList<>();
        error.path("suggestions").forEach(name -> names.add(name.asText()));
        return names;
    }

    @Test
    void without_a_key_a_catalog_model_names_the_variable_that_enables_it_and_suggests_nothing_unservable() throws Exception {
        try (RunningGateway gateway = RunningGateway.start("")) {
            JsonNode error = notFound(gateway, "gpt-4o-mini");

            assertThat(error.path("message").asText()).isEqualTo("The model 'gpt-4o-mini' does not exist or no configured"
                    + " provider serves it. Set OPENAI_API_KEY to enable provider 'openai', which serves it.");
            assertThat(suggestions(error)).isEmpty();
        }
    }

    @Test
    void without_a_key_a_provider_prefixed_name_names_the_variable_and_never_suggests_itself() throws Exception {
        try (RunningGateway gateway = RunningGateway.start("")) {
            JsonNode error = notFound(gateway, "openai/gpt-4o-mini");

            assertThat(error.path("message").asText()).contains("Set OPENAI_API_KEY to enable provider 'openai'");
            assertThat(suggestions(error)).doesNotContain("openai/gpt-4o-mini");
        }
    }

    @Test
    void a_model_several_hosted_vendors_offer_names_each_of_their_variables() throws Exception {
        try (RunningGateway gateway = RunningGateway.start("")) {
            JsonNode error = notFound(gateway, "deepseek-ai/DeepSeek-R1");

            assertThat(error.path("message").asText()).contains("Set DEEPINFRA_API_KEY or TOGETHER_API_KEY to enable one of"
                    + " the providers 'deepinfra', 'together', which serve it.");
        }
    }

    @Test
    void every_suggestion_is_a_name_the_gateway_serves() throws Exception {
        try (RunningGateway gateway = RunningGateway.start("", Map.of("OPENAI_API_KEY", "sk-test"))) {
            JsonNode error = notFound(gateway, "gpt4o-mini");

            assertThat(suggestions(error)).contains("openai/gpt-4o-mini").allSatisfy(name ->
                    assertThat(gateway.get("/v1/models/" + name).statusCode()).as(name).isEqualTo(200));
            assertThat(error.path("message").asText()).doesNotContain("API_KEY");
        }
    }
}
