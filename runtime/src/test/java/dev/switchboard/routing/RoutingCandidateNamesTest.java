package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.config.ConfigException;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RunningGateway;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regression: a model named for routing had to be spelled exactly as the table it was looked up in
 * spelled it, so {@code mixtral-8x7b-chat} was refused although the gateway served, and the
 * reference set held, {@code mistralai/mixtral-8x7b-chat}. Profile candidates resolve across
 * vendor prefixes to the models the gateway serves, and those to the reference set's models.
 */
class RoutingCandidateNamesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunningGateway start(FakeVendor vendor, String models, String candidates) {
        return RunningGateway.start("providers:\n" + vendor.providerYaml("oai", "k") + "models:\n" + models + """
                routing:
                  profiles:
                    p: {candidates: [%s]}
                """.formatted(candidates));
    }

    @Test
    void profile_candidates_named_without_or_with_other_vendor_prefixes_route_to_the_served_models_with_their_outcomes() throws Exception {
        try (FakeVendor vendor = new FakeVendor(FakeVendor.Format.OPENAI);
             RunningGateway gateway = start(vendor, """
                       mistralai/mixtral-8x7b-chat: {deployments: [{provider: oai, model: mixtral}]}
                       openai/gpt-4-1106-preview: {deployments: [{provider: oai, model: gpt-4}]}
                     """, "Mixtral-8x7B-chat, gpt-4-1106-preview")) {
            var response = gateway.post("/v1/route", """
                    {"model": "auto:p", "messages": [{"role": "user", "content": "Write a Python function that reverses a string."}]}""");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            Map<String, JsonNode> ranked = new HashMap<>();
            JSON.readTree(response.body()).path("decision").path("ranked").forEach(r -> ranked.put(r.path("model").asText(), r));
            assertThat(ranked).containsOnlyKeys("mistralai/mixtral-8x7b-chat", "openai/gpt-4-1106-preview");
            // Both have RouterBench outcomes in the shipped reference set (as mistralai/mixtral-8x7b-chat and gpt-4-1106-preview).
            assertThat(ranked.values()).allSatisfy(r -> assertThat(r.path("quality").isNumber()).as(r.toString()).isTrue());
        }
    }

    @Test
    void a_candidate_that_could_mean_several_served_models_fails_the_start_naming_them() {
        try (FakeVendor vendor = new FakeVendor(FakeVendor.Format.OPENAI)) {
            assertThatThrownBy(() -> start(vendor, """
                      mistralai/mixtral-8x7b-chat: {deployments: [{provider: oai, model: mixtral}]}
                      together/mixtral-8x7b-chat: {deployments: [{provider: oai, model: mixtral-together}]}
                    """, "mixtral-8x7b-chat").close())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("routing.profiles.p.candidates[0]")
                    .hasMessageContaining("'mixtral-8x7b-chat' is ambiguous")
                    .hasMessageContaining("mistralai/mixtral-8x7b-chat, together/mixtral-8x7b-chat");
        }
    }

    @Test
    void an_unknown_candidate_still_fails_the_start() {
        try (FakeVendor vendor = new FakeVendor(FakeVendor.Format.OPENAI)) {
            assertThatThrownBy(() -> start(vendor, """
                      mistralai/mixtral-8x7b-chat: {deployments: [{provider: oai, model: mixtral}]}
                    """, "mixtral-8x22b-chat").close())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'mixtral-8x22b-chat' is not a model this gateway serves");
        }
    }
}
