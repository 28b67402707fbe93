package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.testing.RecordedUsage;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.usage.AttemptResult;
import dev.switchboard.usage.UsageRecord;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hedged requests through the running gateway: a deployment that is slow to answer gets a racing
 * twin on another deployment, the first answer is served, the loser is cancelled and recorded as
 * such, and neither stays counted in flight.
 */
class HedgingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = """
            {"model": "chat", "messages": [{"role": "user", "content": "Say hello"}]}""";

    private static FakeVendor slow;
    private static FakeVendor fast;
    private static RunningGateway gateway;
    private static final RecordedUsage usage = new RecordedUsage();

    @BeforeAll
    static void start() {
        slow = new FakeVendor(FakeVendor.Format.OPENAI);
        fast = new FakeVendor(FakeVendor.Format.OPENAI);
        // Twenty times the hedge delay: the hedge wins even on a loaded machine. (Longer would hold up
        // the vendor's shutdown, which waits for the delayed answer.)
        slow.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)
                .withHeader("Content-Type", "application/json").withBody(OpenAiUpstream.payload("chat-completion.json"))));
        fast.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(OpenAiUpstream.payload("chat-completion.json"))));
        // The slow deployment's weight makes it the first pick in all but about one request in a thousand.
        gateway = RunningGateway.start("providers:\n" + slow.providerYaml("slow", "sk-a") + fast.providerYaml("fast", "sk-b") + """
                models:
                  chat:
                    hedge: {after: 150ms}
                    deployments:
                      - {provider: slow, model: gpt-4o-mini, weight: 1000}
                      - {provider: fast, model: gpt-4o-mini, weight: 1}
                """, usage);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        slow.close();
        fast.close();
    }

    @Test
    void a_slow_first_attempt_is_overtaken_by_the_hedge_and_cancelled() throws Exception {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", REQUEST);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-deployment")).hasValue("fast/gpt-4o-mini");
        UsageRecord record = usage.of(response.headers().firstValue("x-request-id").orElseThrow());
        if (record.attempts().size() == 1) {
            // The rare weighted pick of the fast deployment first: nothing to hedge.
            return;
        }
        assertThat(response.headers().firstValue("x-switchboard-attempts")).hasValue("2");
        assertThat(record.attempts()).extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("slow/gpt-4o-mini", AttemptResult.CANCELLED),
                        org.assertj.core.groups.Tuple.tuple("fast/gpt-4o-mini", AttemptResult.SERVED));
        // The answer came before the slow deployment's: it is the fast one's, and the slow one was cancelled.
        // When the hedge starts is pinned exactly, on a fake ticker, by FailoverTest.
        assertThat(record.provider()).isEqualTo("fast");

        JsonNode health = JSON.readTree(gateway.get("/health/deployments").body()).path("deployments");
        assertThat(health).extracting(d -> d.path("deployment").asText()).contains("slow/gpt-4o-mini", "fast/gpt-4o-mini");
        for (JsonNode deployment : health) {
            assertThat(deployment.path("in_flight").isInt()).isTrue();
            assertThat(deployment.path("in_flight").asInt()).isZero();
            assertThat(deployment.path("circuit").asText()).isEqualTo("closed");
        }
    }
}
