package dev.switchboard.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.ChatStubs;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RecordedUsage;
import dev.switchboard.testing.RunningGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code model: "auto"} through a real gateway: two fake vendors, gpt-test at $1/$2 and
 * claude-test at $3/$15 per million tokens. Until the quality predictor is wired the router has no
 * predictions and picks the cheaper, gpt-test.
 */
class AutoRoutingHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeVendor openai;
    private static FakeVendor anthropic;
    private static RecordedUsage usage;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        openai = new FakeVendor(FakeVendor.Format.OPENAI);
        anthropic = new FakeVendor(FakeVendor.Format.ANTHROPIC);
        ChatStubs.openAi(openai, "routed");
        ChatStubs.anthropic(anthropic, "routed");
        usage = new RecordedUsage();
        gateway = RunningGateway.start(ChatStubs.config(openai, anthropic, "k") + """
                routing:
                  default_profile: balanced
                  profiles:
                    balanced: {candidates: [gpt-test, claude-test], quality_weight: 0.5}
                    premium: {candidates: [claude-test]}
                """, usage);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        openai.close();
        anthropic.close();
    }

    @Test
    void autoServesTheChosenModelAndNamesItInAHeader() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", ChatStubs.openAiRequest("Hello there!", false)
                .replace("\"gpt-test\"", "\"auto\""));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-route")).hasValue(
                "model=gpt-test; task=chat; profile=balanced; reason=no quality predictions, cheapest");
        assertThat(response.headers().firstValue("x-switchboard-deployment")).hasValue("oai/gpt-test");
    }

    @Test
    void theUsageRecordStoresTheDecision() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", ChatStubs.openAiRequest("Hello there!", false)
                .replace("\"gpt-test\"", "\"auto\""));
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(usage.of(id).routeReason()).isEqualTo(
                "model=gpt-test; task=chat; profile=balanced; reason=no quality predictions, cheapest; primary");
        assertThat(usage.of(id).requestedModel()).isEqualTo("auto");
    }

    @Test
    void aNamedProfileRoutesAmongItsOwnCandidatesAcrossFormats() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", ChatStubs.openAiRequest("Hello there!", false)
                .replace("\"gpt-test\"", "\"auto:premium\""));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-deployment")).hasValue("ant/claude-test");
    }

    @Test
    void theBodyExtensionIsReadAndNeverSentUpstream() {
        String body = ChatStubs.openAiRequest("Tell me a story about the routed upstream", false).replace("\"gpt-test\"", "\"auto\"")
                .replaceFirst("\\{", "{\"switchboard\":{\"route\":{\"task\":\"creative_writing\"}},");
        HttpResponse<String> response = gateway.post("/v1/chat/completions", body);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-route").orElseThrow()).contains("task=creative_writing");
        openai.server().verify(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("the routed upstream")).withRequestBody(notContaining("switchboard")));
    }

    @Test
    void aBadHintIsABadRequestInTheClientsShape() throws Exception {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", ChatStubs.openAiRequest("Hello", false)
                .replace("\"gpt-test\"", "\"auto\""), "x-switchboard-route", "quality_weight=2");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("'quality_weight'");
    }

    @Test
    void aNamedModelIsNotRouted() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", ChatStubs.openAiRequest("Hello", false));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-route")).isEmpty();
    }

    @Test
    void theDryRunReturnsTheRankedCandidatesWithoutCallingAModel() throws Exception {
        int before = openai.server().getAllServeEvents().size() + anthropic.server().getAllServeEvents().size();
        HttpResponse<String> response = gateway.post("/v1/route", """
                {"model": "auto", "messages": [{"role": "user", "content": "Write a Python function that reverses a string."}]}""",
                "x-switchboard-route", "quality_weight=0.3");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode decision = JSON.readTree(response.body()).path("decision");
        assertThat(decision.path("chosen").asText()).isEqualTo("gpt-test");
        assertThat(decision.path("task").asText()).isEqualTo("code");
        assertThat(decision.path("quality_weight").asDouble()).isEqualTo(0.3);
        assertThat(decision.path("features").path("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(decision.path("filters").isArray()).isTrue();
        JsonNode first = decision.path("ranked").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("model", "quality", "cost_usd", "latency_ms", "utility");
        assertThat(decision.path("ranked")).hasSize(2);
        assertThat(openai.server().getAllServeEvents().size() + anthropic.server().getAllServeEvents().size()).isEqualTo(before);
    }

    @Test
    void theDryRunReadsAMessagesBodyWhenTheAnthropicHeaderIsSent() throws Exception {
        HttpResponse<String> response = gateway.post("/v1/route", """
                {"model": "auto:premium", "max_tokens": 100, "system": "Be brief.",
                 "messages": [{"role": "user", "content": "Translate 'good morning' into French."}]}""",
                "anthropic-version", "2023-06-01");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode decision = JSON.readTree(response.body()).path("decision");
        assertThat(decision.path("chosen").asText()).isEqualTo("claude-test");
        assertThat(decision.path("profile").asText()).isEqualTo("premium");
    }
}
