package dev.switchboard.governance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.ChatStubs;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The "done when", end to end: an admin sets up an organisation with two teams, keys,
 * budgets and limits through the admin API; both teams send traffic through {@code /v1} in both
 * client formats; the usage API reports each team's exact cost, a team admin sees only their
 * team, the limits answer as documented, and the audit log verifies.
 */
class GovernanceScenarioTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anOrgWithTwoTeamsIsGovernedAndTheUsageApiReportsEachTeamsExactCost(TestDatabase kind) throws Exception {
        try (FakeVendor openai = new FakeVendor(FakeVendor.Format.OPENAI);
             FakeVendor anthropic = new FakeVendor(FakeVendor.Format.ANTHROPIC)) {
            ChatStubs.openAi(openai, "Paid.");
            ChatStubs.anthropic(anthropic, "Searched.");
            String yaml = kind.governanceYaml() + "  ledger:\n    flush_interval: 20ms\n" + ChatStubs.config(openai, anthropic, "sk-gateway");
            try (RunningGateway gateway = RunningGateway.start(yaml, AdminClient.ENV)) {
                AdminClient platform = AdminClient.platform(gateway);
                String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
                String payments = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams",
                        "{\"name\":\"payments\",\"allowed_models\":[\"gpt-*\"]}").path("id").asText();
                String search = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"search\"}").path("id").asText();
                String lead = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/users",
                        "{\"email\":\"lead@acme.test\",\"role\":\"team_admin\",\"team_id\":\"" + payments + "\"}").path("id").asText();
                String leadKey = platform.expect(201, "POST", "/admin/v1/teams/" + payments + "/keys",
                        "{\"name\":\"lead\",\"user_id\":\"" + lead + "\"}").path("key").asText();
                String paymentsKey = platform.expect(201, "POST", "/admin/v1/teams/" + payments + "/keys", "{\"name\":\"svc\"}").path("key").asText();
                String searchKey = platform.expect(201, "POST", "/admin/v1/teams/" + search + "/keys", "{\"name\":\"svc\"}").path("key").asText();
                platform.expect(200, "PUT", "/admin/v1/orgs/" + org + "/budgets/month", "{\"limit_usd\":\"100\"}");
                platform.expect(200, "PUT", "/admin/v1/teams/" + payments + "/budgets/day", "{\"limit_usd\":\"10\"}");
                platform.expect(200, "PUT", "/admin/v1/teams/" + search + "/rate-limits", "{\"requests_per_minute\":4}");

                int paymentsRequests = 0;
                for (boolean stream : new boolean[] {false, true, false}) {
                    assertThat(chat(gateway, paymentsKey, ChatStubs.openAiRequest("pay", stream)).statusCode()).isEqualTo(200);
                    paymentsRequests++;
                }
                for (boolean stream : new boolean[] {false, true, false, true}) {
                    assertThat(messages(gateway, searchKey, ChatStubs.anthropicRequest("find", stream)).statusCode()).isEqualTo(200);
                }
                HttpResponse<String> limited = messages(gateway, searchKey, ChatStubs.anthropicRequest("find", false));
                HttpResponse<String> outsideAllowList = chat(gateway, paymentsKey, "{\"model\":\"claude-test\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"x\"}]}");
                awaitLedger(platform, paymentsRequests + 4 + 2);

                JsonNode byTeam = platform.get("/admin/v1/usage?group_by=team&org_id=" + org);
                Map<String, JsonNode> teams = new HashMap<>();
                byTeam.path("totals").forEach(total -> teams.put(total.path("group").asText(), total));
                String csv = platform.send("GET", "/admin/v1/usage?group_by=team&org_id=" + org + "&format=csv", null).body();
                JsonNode leadView = new AdminClient(gateway, leadKey).get("/admin/v1/usage?group_by=team");

                assertThat(limited.statusCode()).isEqualTo(429);
                assertThat(limited.headers().firstValue("retry-after")).isPresent();
                assertThat(limited.body()).contains("rate_limit_error");
                assertThat(outsideAllowList.statusCode()).isEqualTo(403);
                assertThat(teams.get(payments).path("requests").asLong()).isEqualTo(paymentsRequests + 1);
                assertThat(teams.get(payments).path("failed_requests").asLong()).isEqualTo(1);
                assertThat(new BigDecimal(teams.get(payments).path("cost_usd").asText()))
                        .isEqualByComparingTo(nanos(paymentsRequests * ChatStubs.OPENAI_COST_NANOS));
                assertThat(teams.get(search).path("requests").asLong()).isEqualTo(5);
                assertThat(new BigDecimal(teams.get(search).path("cost_usd").asText()))
                        .isEqualByComparingTo(nanos(4 * ChatStubs.ANTHROPIC_COST_NANOS));
                assertThat(csv).contains(payments).contains(search);
                assertThat(leadView.path("totals")).hasSize(1);
                assertThat(leadView.path("totals").get(0).path("group").asText()).isEqualTo(payments);
                assertThat(platform.get("/admin/v1/teams/" + payments + "/budgets").path("data").get(0).path("limit_usd").asText())
                        .isEqualTo("10");
                assertThat(platform.get("/admin/v1/audit/verify").path("valid").asBoolean()).isTrue();
            }
        }
    }

    /**
     * The walkthrough's usage query, sent right after its request, used to find the ledger empty:
     * the record was still waiting for its batch. With an hour-long flush interval nothing but the
     * usage query itself can have written it.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aUsageQueryRightAfterARequestIncludesItWithoutWaitingForTheLedgersBatch(TestDatabase kind) {
        try (FakeVendor openai = new FakeVendor(FakeVendor.Format.OPENAI);
             FakeVendor anthropic = new FakeVendor(FakeVendor.Format.ANTHROPIC)) {
            ChatStubs.openAi(openai, "Paid.");
            String yaml = kind.governanceYaml() + "  ledger:\n    flush_interval: 1h\n" + ChatStubs.config(openai, anthropic, "sk-gateway");
            try (RunningGateway gateway = RunningGateway.start(yaml, AdminClient.ENV)) {
                AdminClient platform = AdminClient.platform(gateway);
                String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
                String team = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}").path("id").asText();
                String key = platform.expect(201, "POST", "/admin/v1/teams/" + team + "/keys", "{\"name\":\"svc\"}").path("key").asText();
                assertThat(chat(gateway, key, ChatStubs.openAiRequest("pay", false)).statusCode()).isEqualTo(200);

                JsonNode totals = platform.get("/admin/v1/usage?group_by=team&org_id=" + org).path("totals");

                assertThat(totals).hasSize(1);
                assertThat(totals.get(0).path("group").asText()).isEqualTo(team);
                assertThat(totals.get(0).path("requests").asLong()).isEqualTo(1);
                assertThat(totals.get(0).path("cost_nanos").asLong()).isEqualTo(ChatStubs.OPENAI_COST_NANOS);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aWrongKeyOnTheApiIsRefusedAndAuditedWithoutTheKey(TestDatabase kind) throws Exception {
        try (RunningGateway gateway = RunningGateway.start(kind.governanceYaml(), AdminClient.ENV)) {
            AdminClient platform = AdminClient.platform(gateway);
            String unknownKey = "sk-sb-ThisKeyWasNeverIssuedByTheGateway0123456789";
            String vendorKey = "sk-proj-SomeonesRealOpenAiKeyPastedByMistake99";

            HttpResponse<String> unknown = gateway.post("/v1/chat/completions", ChatStubs.openAiRequest("x", false),
                    "Authorization", "Bearer " + unknownKey);
            HttpResponse<String> vendor = gateway.post("/v1/messages", ChatStubs.anthropicRequest("x", false), "x-api-key", vendorKey);
            JsonNode failures = awaitAuditEntries(platform, 2);

            assertThat(unknown.statusCode()).isEqualTo(401);
            assertThat(vendor.statusCode()).isEqualTo(401);
            assertThat(vendor.body()).contains("authentication_error").doesNotContain(vendorKey);
            assertThat(failures.toString()).contains("/v1/chat/completions", "/v1/messages", "sk-sb-ThisK")
                    .doesNotContain(unknownKey).doesNotContain("sk-proj");
            assertThat(platform.get("/admin/v1/audit/verify").path("valid").asBoolean()).isTrue();
        }
    }

    /** Sign-in failures reach the audit log through a queue, off the request path: waits (bounded) for them. */
    private static JsonNode awaitAuditEntries(AdminClient platform, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode entries = platform.get("/admin/v1/audit?action=auth.failure").path("data");
        while (entries.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            entries = platform.get("/admin/v1/audit?action=auth.failure").path("data");
        }
        assertThat(entries).hasSize(count);
        return entries;
    }

    private static BigDecimal nanos(long nanos) {
        return BigDecimal.valueOf(nanos).movePointLeft(9);
    }

    private static HttpResponse<String> chat(RunningGateway gateway, String key, String body) {
        return gateway.post("/v1/chat/completions", body, "Authorization", "Bearer " + key);
    }

    private static HttpResponse<String> messages(RunningGateway gateway, String key, String body) {
        return gateway.post("/v1/messages", body, "x-api-key", key, "anthropic-version", "2023-06-01");
    }

    /** Waits (bounded) until the ledger has written {@code records}: it writes off the request path, within its flush interval. */
    private static void awaitLedger(AdminClient platform, long records) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (platform.get("/admin/v1/ledger").path("written").asLong() < records && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(platform.get("/admin/v1/ledger").path("written").asLong()).isEqualTo(records);
    }
}
