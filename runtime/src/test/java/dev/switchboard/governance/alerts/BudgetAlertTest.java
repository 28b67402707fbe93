package dev.switchboard.governance.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.governance.Scope;
import dev.switchboard.governance.budget.Budget;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.testing.GovernanceRig;
import dev.switchboard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budget threshold events posted to the configured webhook. */
class BudgetAlertTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TOKENS = 10;
    private static final String BODY = GovernanceRig.chatBody("gpt-4o-mini", MAX_TOKENS);
    private static final long BOUND_TOKENS = BODY.getBytes(StandardCharsets.UTF_8).length + MAX_TOKENS;

    private final WireMockServer receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private GovernanceRig rig;

    @BeforeEach
    void start() {
        receiver.start();
        receiver.stubFor(post("/hooks/budget").willReturn(aResponse().withStatus(204)));
        rig = GovernanceRig.start(TestDatabase.SQLITE,
                "  alerts:\n    webhook_url: http://127.0.0.1:" + receiver.port() + "/hooks/budget\n");
    }

    @AfterEach
    void stop() {
        rig.close();
        receiver.stop();
    }

    private List<LoggedRequest> alertsOnceAtLeast(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<LoggedRequest> seen = receiver.findAll(postRequestedFor(urlEqualTo("/hooks/budget")));
        while (seen.size() < count && System.nanoTime() < deadline) {
            // Alerts are delivered on their own thread; wait for the receiver to have them.
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            seen = receiver.findAll(postRequestedFor(urlEqualTo("/hooks/budget")));
        }
        return seen;
    }

    @Test
    void each_threshold_fires_once_when_the_spend_crosses_it() throws Exception {
        rig.answerWithUsage(BOUND_TOKENS - MAX_TOKENS, MAX_TOKENS);
        IdentityStore.CreatedKey key = rig.newKey();
        Budget budget = rig.governance().budgets().put(Scope.KEY, key.key().id(), Budget.Period.MONTH,
                4 * BOUND_TOKENS * GovernanceRig.NANOS_PER_TOKEN, List.of(50, 90));
        rig.governance().changed();

        for (int i = 0; i < 4; i++) {
            // 25 %, 50 % (alert), 75 %, 100 % (alert)
            assertThat(rig.chat(key.secret(), BODY).statusCode()).isEqualTo(200);
        }

        List<LoggedRequest> alerts = alertsOnceAtLeast(2);
        assertThat(alerts).hasSize(2);
        List<JsonNode> events = alerts.stream().map(r -> read(r.getBodyAsString()))
                .sorted(java.util.Comparator.comparingInt(e -> e.path("threshold_percent").asInt())).toList();
        assertThat(events).extracting(e -> e.path("threshold_percent").asInt()).containsExactly(50, 90);
        JsonNode first = events.getFirst();
        assertThat(first.path("type").asText()).isEqualTo("budget.threshold_crossed");
        assertThat(first.path("budget_id").asText()).isEqualTo(budget.id());
        assertThat(first.path("scope").asText()).isEqualTo("key");
        assertThat(first.path("spent_nanos").asLong()).isEqualTo(2 * BOUND_TOKENS * GovernanceRig.NANOS_PER_TOKEN);
        assertThat(first.path("resets_at").asText()).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(alerts.getFirst().getBodyAsString()).doesNotContain(key.secret());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
