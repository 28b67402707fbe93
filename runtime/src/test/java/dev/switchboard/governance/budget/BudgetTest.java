package dev.switchboard.governance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.governance.Scope;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.testing.GovernanceRig;
import dev.switchboard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Budgets: refusals, their message and shape, periods that reset, and spend remembered across restarts. */
class BudgetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TOKENS = 10;
    private static final String BODY = GovernanceRig.chatBody("gpt-4o-mini", MAX_TOKENS);
    private static final long BOUND_NANOS = (BODY.getBytes(StandardCharsets.UTF_8).length + MAX_TOKENS) * GovernanceRig.NANOS_PER_TOKEN;

    private static String keyWithTeamBudget(GovernanceRig rig, Budget.Period period, long limitNanos) {
        IdentityStore.CreatedKey key = rig.newKey();
        rig.governance().budgets().put(Scope.TEAM, rig.team().id(), period, limitNanos, List.of());
        rig.governance().changed();
        return key.secret();
    }

    @Test
    void a_request_the_budget_cannot_cover_is_402_saying_which_budget_and_when_it_resets() throws Exception {
        try (GovernanceRig rig = GovernanceRig.start(TestDatabase.SQLITE)) {
            String key = keyWithTeamBudget(rig, Budget.Period.DAY, BOUND_NANOS - 1);

            HttpResponse<String> response = rig.chat(key, BODY);

            assertThat(response.statusCode()).isEqualTo(402);
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("insufficient_quota");
            assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
            assertThat(error.path("message").asText()).contains("daily budget of this API key's team")
                    .contains("$0.00 is spent").contains("resets at 2026-03-11T00:00:00Z");
            rig.upstream().server().verify(0, com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
        }
    }

    @Test
    void a_refusal_by_a_keys_own_budget_names_the_key_not_the_keys_key_itself() throws Exception {
        try (GovernanceRig rig = GovernanceRig.start(TestDatabase.SQLITE)) {
            IdentityStore.CreatedKey key = rig.newKey();
            rig.governance().budgets().put(Scope.KEY, key.key().id(), Budget.Period.DAY, 0, List.of());
            rig.governance().changed();

            HttpResponse<String> response = rig.chat(key.secret(), BODY);

            assertThat(response.statusCode()).isEqualTo(402);
            assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                    .startsWith("Budget exceeded: the daily budget of this API key is $0.00,");
        }
    }

    @Test
    void a_budget_refusal_on_messages_is_an_anthropic_billing_error() throws Exception {
        try (GovernanceRig rig = GovernanceRig.start(TestDatabase.SQLITE)) {
            String key = keyWithTeamBudget(rig, Budget.Period.MONTH, 0);

            HttpResponse<String> response = rig.gateway().post("/v1/messages",
                    "{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "x-api-key", key, "anthropic-version", "2023-06-01");

            assertThat(response.statusCode()).isEqualTo(402);
            assertThat(JSON.readTree(response.body()).path("error").path("type").asText()).isEqualTo("billing_error");
        }
    }

    @Test
    void a_spent_daily_budget_is_available_again_the_next_day() {
        try (GovernanceRig rig = GovernanceRig.start(TestDatabase.SQLITE)) {
            rig.answerWithUsage(BOUND_NANOS / GovernanceRig.NANOS_PER_TOKEN - MAX_TOKENS, MAX_TOKENS);
            String key = keyWithTeamBudget(rig, Budget.Period.DAY, 2 * BOUND_NANOS);
            assertThat(rig.chat(key, BODY).statusCode()).isEqualTo(200);
            assertThat(rig.chat(key, BODY).statusCode()).isEqualTo(200);
            assertThat(rig.chat(key, BODY).statusCode()).isEqualTo(402);

            rig.clock().advance(Duration.ofHours(12));

            assertThat(rig.chat(key, BODY).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void choices_times_max_tokens_beyond_what_a_long_counts_is_a_402_not_a_500_nor_a_free_pass() throws Exception {
        try (GovernanceRig rig = GovernanceRig.start(TestDatabase.SQLITE)) {
            String key = keyWithTeamBudget(rig, Budget.Period.DAY, 1_000 * BOUND_NANOS);
            // Something spent, so an estimate that wrapped around past Long.MAX_VALUE would seem to fit.
            assertThat(rig.chat(key, BODY).statusCode()).isEqualTo(200);
            String hostile = "{\"model\":\"gpt-4o-mini\",\"n\":2147483647,\"max_tokens\":2147483647,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

            HttpResponse<String> response = rig.chat(key, hostile);

            assertThat(response.statusCode()).isEqualTo(402);
            assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("budget_exceeded");
            assertThat(rig.chat(key, BODY).statusCode()).as("nothing stays reserved").isEqualTo(200);
        }
    }

    @Test
    void a_request_that_failed_upstream_gives_its_reservation_back() {
        try (GovernanceRig rig = GovernanceRig.start(TestDatabase.SQLITE)) {
            String key = keyWithTeamBudget(rig, Budget.Period.DAY, BOUND_NANOS);
            rig.upstream().server().resetAll();
            rig.upstream().server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/v1/chat/completions")
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(400)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}")));
            assertThat(rig.chat(key, BODY).statusCode()).isEqualTo(400);
            rig.answerWithUsage(5, 5);

            assertThat(rig.chat(key, BODY).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void a_new_budget_starts_from_what_the_ledger_says_was_spent_this_period(TestDatabase database) {
        try (GovernanceRig rig = GovernanceRig.start(database)) {
            IdentityStore.CreatedKey key = rig.newKey();
            long millis = rig.clock().millis();
            rig.governance().jdbc().update("INSERT INTO usage_ledger (request_id, time, day, org_id, team_id, key_id, endpoint,"
                            + " attempts, input_tokens, output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost_nanos,"
                            + " latency_micros, status, outcome, stream) VALUES (?, ?, ?, ?, ?, ?, 'chat.completions', 1, 0, 0, 0, 0, 0, ?,"
                            + " 0, 200, 'completed', 0)",
                    "req-earlier", millis - 1000, "2026-03-10", rig.org().id(), rig.team().id(), key.key().id(), 1_000_000L);
            // An older row, from before this month, does not count.
            rig.governance().jdbc().update("INSERT INTO usage_ledger (request_id, time, day, org_id, team_id, key_id, endpoint,"
                            + " attempts, input_tokens, output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost_nanos,"
                            + " latency_micros, status, outcome, stream) VALUES (?, ?, ?, ?, ?, ?, 'chat.completions', 1, 0, 0, 0, 0, 0, ?,"
                            + " 0, 200, 'completed', 0)",
                    "req-last-month", millis - Duration.ofDays(20).toMillis(), "2026-02-18", rig.org().id(), rig.team().id(),
                    key.key().id(), 1_000_000_000L);

            rig.governance().budgets().put(Scope.KEY, key.key().id(), Budget.Period.MONTH, 1_000_000L + BOUND_NANOS - 1, List.of());
            rig.governance().changed();
            assertThat(rig.chat(key.secret(), BODY).statusCode()).isEqualTo(402);

            rig.governance().budgets().put(Scope.KEY, key.key().id(), Budget.Period.MONTH, 1_000_000L + BOUND_NANOS, List.of());
            rig.governance().changed();
            assertThat(rig.chat(key.secret(), BODY).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void an_organisation_budget_holds_for_every_team_in_it() {
        try (GovernanceRig rig = GovernanceRig.start(TestDatabase.SQLITE)) {
            rig.answerWithUsage(BOUND_NANOS / GovernanceRig.NANOS_PER_TOKEN - MAX_TOKENS, MAX_TOKENS);
            rig.governance().budgets().put(Scope.ORG, rig.org().id(), Budget.Period.WEEK, BOUND_NANOS, List.of());
            String first = rig.newKey().secret();
            var otherTeam = rig.identities().createTeam(rig.org().id(), "other", null, null, false, null);
            String second = rig.identities().createKey(rig.org().id(), otherTeam.id(), null, "other", null, null, null).secret();
            rig.governance().changed();

            assertThat(rig.chat(first, BODY).statusCode()).isEqualTo(200);
            HttpResponse<String> refused = rig.chat(second, BODY);
            assertThat(refused.statusCode()).isEqualTo(402);
            assertThat(refused.body()).contains("the weekly budget of this API key's organisation is");
        }
    }

    @Test
    void embeddings_are_admitted_against_the_budget_on_their_input_alone() {
        try (GovernanceRig rig = GovernanceRig.start(TestDatabase.SQLITE)) {
            String key = keyWithTeamBudget(rig, Budget.Period.DAY, 0);

            HttpResponse<String> response = rig.gateway().post("/v1/embeddings",
                    "{\"model\":\"gpt-4o-mini\",\"input\":\"hello\"}", "Authorization", "Bearer " + key);

            assertThat(response.statusCode()).isEqualTo(402);
        }
    }
}
