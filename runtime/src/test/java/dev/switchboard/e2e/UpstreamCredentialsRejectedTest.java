package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.config.Secret;
import dev.switchboard.governance.Governance;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.identity.ModelRules;
import dev.switchboard.governance.identity.Org;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.testing.ChatStubs;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RawChat;
import dev.switchboard.testing.RawChat.Protocol;
import dev.switchboard.testing.RawChat.Reply;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.Wire;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regression: an upstream's 401 or 403, caused by the provider key the gateway sent, reached the
 * caller as a 401, so the caller's SDK reported the caller's own key as wrong. It is a 502 that
 * names the provider and deployment (never the key, nor the vendor's message, which may quote part
 * of it), counts against the deployment and may fall back like any other upstream failure.
 */
class UpstreamCredentialsRejectedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSTREAM_KEY = "sk-upstream-key-that-was-revoked";
    // What OpenAI says about a wrong key: the vendor quotes part of it.
    private static final String OPENAI_401 = """
            {"error":{"message":"Incorrect API key provided: sk-upstr**********oked.","type":"invalid_request_error",\
            "param":null,"code":"invalid_api_key"}}""";

    private static FakeVendor openAi;
    private static FakeVendor anthropic;
    private static FakeVendor gemini;
    private static FakeVendor healthy;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        openAi = new FakeVendor(FakeVendor.Format.OPENAI);
        anthropic = new FakeVendor(FakeVendor.Format.ANTHROPIC);
        gemini = new FakeVendor(FakeVendor.Format.GEMINI);
        healthy = new FakeVendor(FakeVendor.Format.OPENAI);
        ChatStubs.openAi(healthy, "Paris.");
        gateway = RunningGateway.start("providers:\n" + openAi.providerYaml("oai", UPSTREAM_KEY)
                + anthropic.providerYaml("ant", UPSTREAM_KEY) + gemini.providerYaml("gem", UPSTREAM_KEY)
                + healthy.providerYaml("good", "sk-good") + """
                models:
                  via-openai: {deployments: [{provider: oai, model: gpt-test}], retries: 0}
                  via-anthropic: {deployments: [{provider: ant, model: claude-test}], retries: 0}
                  via-gemini: {deployments: [{provider: gem, model: gemini-test}], retries: 0}
                  embed: {deployments: [{provider: oai, model: embed-test}]}
                  falls-back: {deployments: [{provider: oai, model: gpt-falls-back}], retries: 0, fallbacks: [served]}
                  served: {deployments: [{provider: good, model: gpt-test}]}
                """);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        openAi.close();
        anthropic.close();
        gemini.close();
        healthy.close();
    }

    private static void rejectEverything(FakeVendor vendor, int status) {
        vendor.server().resetAll();
        vendor.server().stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(OPENAI_401)));
    }

    private static FakeVendor vendor(String format) {
        return switch (format) {
            case "openai" -> openAi;
            case "anthropic" -> anthropic;
            default -> gemini;
        };
    }

    @ParameterizedTest(name = "{0} client, {1} upstream answering {2}")
    @CsvSource({"OPENAI, openai, 401", "OPENAI, anthropic, 403", "OPENAI, gemini, 401",
            "ANTHROPIC, anthropic, 401", "ANTHROPIC, openai, 403", "ANTHROPIC, gemini, 403"})
    void an_upstream_refusing_the_gateways_key_is_a_502_naming_the_provider_never_the_callers_401(
            Protocol client, String format, int upstreamStatus) {
        rejectEverything(vendor(format), upstreamStatus);
        String provider = format.equals("openai") ? "oai" : format.equals("anthropic") ? "ant" : "gem";

        Reply reply = RawChat.send(gateway, client, "via-" + format, false);

        assertThat(reply.status()).isEqualTo(502);
        JsonNode error = reply.error();
        assertThat(error.path("type").asText()).isEqualTo(client == Protocol.OPENAI ? "upstream_error" : "api_error");
        assertThat(error.path("message").asText())
                .contains("Provider '" + provider + "' rejected the gateway's credentials (HTTP " + upstreamStatus + ")")
                .contains("deployment '" + provider + "/")
                .contains("Your API key is not the problem");
        assertThat(reply.body()).doesNotContain("sk-upstr").doesNotContain("Incorrect API key");
    }

    @ParameterizedTest(name = "{0} client")
    @CsvSource({"OPENAI", "ANTHROPIC"})
    void gemini_refusing_the_gateways_key_with_its_400_API_KEY_INVALID_is_the_same_502(Protocol client) {
        gemini.server().resetAll();
        gemini.server().stubFor(any(anyUrl()).willReturn(Wire.error(FakeVendor.Format.GEMINI, 400, "error-api-key-invalid-array.json")));

        Reply reply = RawChat.send(gateway, client, "via-gemini", false);

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.error().path("message").asText())
                .contains("Provider 'gem' rejected the gateway's credentials (HTTP 400)")
                .contains("Your API key is not the problem");
        assertThat(reply.body()).doesNotContain("API key not valid");
    }

    @Test
    void any_other_gemini_400_still_reaches_the_caller_as_geminis_own_400() {
        gemini.server().resetAll();
        gemini.server().stubFor(any(anyUrl()).willReturn(Wire.error(FakeVendor.Format.GEMINI, 400, "error-invalid-argument.json")));

        Reply reply = RawChat.send(gateway, Protocol.OPENAI, "via-gemini", false);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error().path("code").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void a_streamed_request_gets_the_same_502_before_any_event() {
        rejectEverything(openAi, 401);

        Reply reply = RawChat.send(gateway, Protocol.OPENAI, "via-openai", true);

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.isStream()).isFalse();
        assertThat(reply.error().path("code").asText()).isEqualTo("upstream_credentials_rejected");
    }

    @Test
    void embeddings_refused_for_the_gateways_key_are_a_502_too() throws Exception {
        rejectEverything(openAi, 401);

        var response = gateway.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"hello\"}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                .contains("Provider 'oai' rejected the gateway's credentials (HTTP 401) when calling deployment 'oai/embed-test'");
    }

    @Test
    void a_refused_key_counts_against_its_deployment_and_the_request_falls_back() throws Exception {
        rejectEverything(openAi, 401);

        Reply reply = RawChat.send(gateway, Protocol.OPENAI, "falls-back", false);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo("Paris.");
        assertThat(reply.header("x-switchboard-attempts")).hasValue("2");
        JsonNode deployments = JSON.readTree(gateway.get("/health/deployments").body()).path("deployments");
        JsonNode refused = StreamSupport.stream(deployments.spliterator(), false)
                .filter(d -> d.path("deployment").asText().equals("oai/gpt-falls-back")).findFirst().orElseThrow();
        assertThat(refused.path("error_rate").asDouble()).isPositive();
    }

    @Test
    void a_teams_own_key_refused_says_so_and_leaves_the_shared_deployment_healthy() throws Exception {
        FakeVendor vendor = new FakeVendor(FakeVendor.Format.OPENAI);
        rejectEverything(vendor, 401);
        TestDatabase database = TestDatabase.SQLITE;
        try (vendor; RunningGateway governed = RunningGateway.start(database.governanceYaml() + "providers:\n"
                + vendor.providerYaml("oai", UPSTREAM_KEY) + """
                models:
                  gpt-test: {deployments: [{provider: oai, model: gpt-test}], retries: 0}
                """, Map.of("SWITCHBOARD_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="))) {
            Governance governance = governed.gateway().governance();
            IdentityStore identities = governance.identities();
            Org org = identities.createOrg("acme");
            Team team = identities.createTeam(org.id(), "payments", ModelRules.ANY, Map.of(), false, null);
            String key = identities.createKey(org.id(), team.id(), null, "k", ModelRules.ANY, Map.of(), null).secret();
            governance.credentials().put(team.id(), "oai", Secret.of("sk-team-own-key-revoked"));
            governance.changed();

            Reply reply = RawChat.send(governed, Protocol.OPENAI, "gpt-test", false, "Authorization", "Bearer " + key);

            assertThat(reply.status()).isEqualTo(502);
            assertThat(reply.error().path("message").asText())
                    .contains("Provider 'oai' rejected your team's stored key for it (HTTP 401)")
                    .contains("A team admin must replace that key");
            assertThat(reply.body()).doesNotContain("sk-team-own");
            JsonNode deployment = JSON.readTree(governed.get("/health/deployments", "Authorization", "Bearer " + key).body())
                    .path("deployments").path(0);
            assertThat(deployment.path("error_rate").asDouble()).isZero();
        }
    }
}
