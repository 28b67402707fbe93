package dev.switchboard.governance.admin;

import dev.switchboard.governance.Governance;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.governance.identity.KeySecrets;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.RecordedUsage;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AdminApiTest {

    private static RunningGateway start(TestDatabase kind) {
        return RunningGateway.start(kind.governanceYaml(), AdminClient.ENV);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anAdminSetsUpAnOrgWithTwoTeamsUsersKeysBudgetsAndLimits(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            AdminClient platform = AdminClient.platform(gateway);
            String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
            String payments = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams",
                    "{\"name\":\"payments\",\"allowed_models\":[\"gpt-*\"],\"tags\":{\"cost_center\":\"42\"}}").path("id").asText();
            String search = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"search\"}").path("id").asText();
            String lead = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/users",
                    "{\"email\":\"lead@acme.test\",\"role\":\"team_admin\",\"team_id\":\"" + payments + "\"}").path("id").asText();
            JsonNode leadKey = platform.expect(201, "POST", "/admin/v1/teams/" + payments + "/keys",
                    "{\"name\":\"lead laptop\",\"user_id\":\"" + lead + "\"}");

            // The team admin carries on with their own key.
            AdminClient teamAdmin = new AdminClient(gateway, leadKey.path("key").asText());
            JsonNode ciKey = teamAdmin.expect(201, "POST", "/admin/v1/teams/" + payments + "/keys",
                    "{\"name\":\"ci\",\"denied_models\":[\"gpt-4o\"],\"expires_at\":\"2099-01-01T00:00:00Z\"}");
            teamAdmin.expect(200, "PUT", "/admin/v1/keys/" + ciKey.path("id").asText() + "/budgets/day", "{\"limit_usd\":\"5.25\"}");
            teamAdmin.expect(200, "PUT", "/admin/v1/keys/" + ciKey.path("id").asText() + "/rate-limits", "{\"requests_per_minute\":30}");
            platform.expect(200, "PUT", "/admin/v1/orgs/" + org + "/budgets/month", "{\"limit_usd\":\"1000\",\"alert_thresholds\":[80,50,100]}");
            platform.expect(200, "PUT", "/admin/v1/teams/" + payments + "/budgets/month", "{\"limit_usd\":\"250.00\"}");
            platform.expect(200, "PUT", "/admin/v1/teams/" + search + "/budgets/week", "{\"limit_usd\":40}");
            platform.expect(200, "PUT", "/admin/v1/teams/" + search + "/rate-limits", "{\"requests_per_minute\":600,\"tokens_per_minute\":200000}");

            assertThat(ciKey.path("key").asText()).startsWith(KeySecrets.KEY_PREFIX);
            assertThat(ciKey.path("expires_at").asText()).isEqualTo("2099-01-01T00:00:00Z");
            assertThat(platform.get("/admin/v1/orgs/" + org + "/teams").path("data")).hasSize(2);
            assertThat(platform.get("/admin/v1/orgs/" + org + "/budgets").path("data").get(0).path("alert_thresholds").toString()).isEqualTo("[50,80,100]");
            assertThat(platform.get("/admin/v1/keys/" + ciKey.path("id").asText() + "/budgets").path("data").get(0).path("limit_usd").asText()).isEqualTo("5.25");
            assertThat(platform.get("/admin/v1/teams/" + search + "/rate-limits").path("tokens_per_minute").asLong()).isEqualTo(200_000);
            assertThat(platform.get("/admin/v1/teams/" + payments + "/keys").path("data")).hasSize(2);
            assertThat(platform.get("/admin/v1/audit/verify").path("valid").asBoolean()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCreatedKeyIsShownOnceAndStoredOnlyAsItsHash(TestDatabase kind) throws Exception {
        try (RunningGateway gateway = start(kind)) {
            AdminClient platform = AdminClient.platform(gateway);
            String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
            String team = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}").path("id").asText();
            JsonNode created = platform.expect(201, "POST", "/admin/v1/teams/" + team + "/keys", "{\"name\":\"ci\"}");
            String secret = created.path("key").asText();
            String id = created.path("id").asText();

            List<String> everythingReadable = List.of(platform.get("/admin/v1/keys/" + id).toString(),
                    platform.get("/admin/v1/teams/" + team + "/keys").toString(), platform.get("/admin/v1/audit").toString());

            assertThat(created.path("prefix").asText()).isEqualTo(KeySecrets.displayPrefix(secret));
            assertThat(everythingReadable).allSatisfy(body -> assertThat(body).doesNotContain(secret).doesNotContain("\"key\":"));
            assertThat(databaseText(gateway)).doesNotContain(secret).contains(KeySecrets.hash(secret));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTeamCredentialIsNeverReturnedNorAudited(TestDatabase kind) throws Exception {
        try (RunningGateway gateway = start(kind)) {
            AdminClient platform = AdminClient.platform(gateway);
            String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
            String team = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}").path("id").asText();
            String credential = "sk-proj-team-own-secret-key-ABCD";

            JsonNode stored = platform.expect(200, "PUT", "/admin/v1/teams/" + team + "/credentials/mock", "{\"api_key\":\"" + credential + "\"}");
            String listed = platform.get("/admin/v1/teams/" + team + "/credentials").toString();

            assertThat(stored.path("key_hint").asText()).isEqualTo("...ABCD");
            assertThat(stored + listed + platform.get("/admin/v1/audit")).doesNotContain(credential);
            assertThat(databaseText(gateway)).doesNotContain(credential);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void adminChangesAreAuditedWithTheirActor(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            AdminClient platform = AdminClient.platform(gateway);
            String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
            platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}");

            JsonNode entries = platform.get("/admin/v1/audit?action=team.create").path("data");

            assertThat(entries).singleElement().satisfies(e -> {
                assertThat(e.path("actor").asText()).isEqualTo(AdminAuth.BOOTSTRAP_SUBJECT);
                assertThat(e.path("org_id").asText()).isEqualTo(org);
                assertThat(e.path("detail").path("name").asText()).isEqualTo("payments");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailedSignInIsAuditedWithTheKeyPrefixButNeverTheKey(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            String wrong = KeySecrets.newKey();

            HttpResponse<String> response = new AdminClient(gateway, wrong).send("GET", "/admin/v1/orgs", null);

            assertThat(response.statusCode()).isEqualTo(401);
            String audit = AdminClient.platform(gateway).get("/admin/v1/audit?action=auth.failure").toString();
            assertThat(audit).contains(KeySecrets.displayPrefix(wrong), "unknown key", "/admin/v1/orgs").doesNotContain(wrong);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aServiceKeyWithoutAUserIsForbiddenOnTheAdminApi(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            AdminClient platform = AdminClient.platform(gateway);
            String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
            String team = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}").path("id").asText();
            String serviceKey = platform.expect(201, "POST", "/admin/v1/teams/" + team + "/keys", "{}").path("key").asText();

            assertThat(new AdminClient(gateway, serviceKey).send("GET", "/admin/v1/me", null).statusCode()).isEqualTo(403);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRevokedUserKeyNoLongerSignsIn(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            AdminClient platform = AdminClient.platform(gateway);
            JsonNode key = userWithKey(platform, "auditor", "");
            AdminClient auditor = new AdminClient(gateway, key.path("key").asText());
            assertThat(auditor.get("/admin/v1/me").path("role").asText()).isEqualTo("auditor");

            platform.expect(200, "POST", "/admin/v1/keys/" + key.path("id").asText() + "/revoke", null);

            assertThat(auditor.send("GET", "/admin/v1/me", null).statusCode()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anExpiredUserKeyIsToldWhenItExpiredInTheWordsOfTheApiKeyCheck(TestDatabase kind) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
        try (RunningGateway gateway = RunningGateway.start(kind.governanceYaml(), AdminClient.ENV, new RecordedUsage(), clock)) {
            String key = userWithKey(AdminClient.platform(gateway), "auditor", ",\"expires_at\":\"2026-03-11T00:00:00Z\"")
                    .path("key").asText();

            clock.advance(Duration.ofDays(1));
            HttpResponse<String> response = new AdminClient(gateway, key).send("GET", "/admin/v1/me", null);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(AdminClient.json(response.body()).path("error").path("message").asText())
                    .isEqualTo("This API key expired at 2026-03-11T00:00:00Z.");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anOrgAdminAskingForTheLedgerStatusIsToldWhatOnlyThePlatformAdminMayDo(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            AdminClient orgAdmin = new AdminClient(gateway, userWithKey(AdminClient.platform(gateway), "org_admin", "").path("key").asText());

            JsonNode refusal = orgAdmin.expect(403, "GET", "/admin/v1/ledger", null);

            assertThat(refusal.path("error").path("message").asText()).isEqualTo("Only the platform admin may read the usage ledger's status.");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anUnknownAdminPathIsA404ThatListsTheAdminApiNotTheV1Api(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            JsonNode error = AdminClient.platform(gateway).expect(404, "GET", "/admin/v1/organisations", null).path("error");

            assertThat(error.path("message").asText()).startsWith("Unknown request URL: GET /admin/v1/organisations.")
                    .contains("/admin/v1/orgs").doesNotContain("/v1/chat/completions");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aMemberCreatingAKeyGetsItBoundToThemselves(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            AdminClient platform = AdminClient.platform(gateway);
            String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
            String team = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}").path("id").asText();
            String member = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/users",
                    "{\"email\":\"dev@acme.test\",\"role\":\"member\",\"team_id\":\"" + team + "\"}").path("id").asText();
            String memberKey = platform.expect(201, "POST", "/admin/v1/teams/" + team + "/keys", "{\"user_id\":\"" + member + "\"}").path("key").asText();

            JsonNode own = new AdminClient(gateway, memberKey).expect(201, "POST", "/admin/v1/teams/" + team + "/keys", "{\"name\":\"mine\"}");

            assertThat(own.path("user_id").asText()).isEqualTo(member);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aDuplicateTeamNameIsAConflict(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            AdminClient platform = AdminClient.platform(gateway);
            String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
            platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}");

            JsonNode error = platform.expect(409, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}").path("error");

            assertThat(error.path("code").asText()).isEqualTo("conflict");
            assertThat(error.path("message").asText()).contains("payments");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void invalidFieldsAreRefusedNamingTheField(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            AdminClient platform = AdminClient.platform(gateway);
            String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
            String team = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}").path("id").asText();
            List<String> params = new ArrayList<>();
            for (String[] call : new String[][] {
                    // Past Bucket4j's refill ceiling (one token per nanosecond): a regression, once a 500 on every request.
                    {"/admin/v1/teams/" + team + "/rate-limits", "{\"tokens_per_minute\":1000000000000}"},
                    {"/admin/v1/orgs/" + org + "/budgets/day", "{\"limit_usd\":\"-1\"}"},
                    {"/admin/v1/orgs/" + org + "/budgets/day", "{\"limit_usd\":\"0.0000000001\"}"},
                    {"/admin/v1/orgs/" + org + "/budgets/day", "{\"limit_usd\":\"ten\"}"},
                    {"/admin/v1/orgs/" + org + "/budgets/fortnight", "{\"limit_usd\":\"1\"}"},
                    {"/admin/v1/orgs/" + org + "/budgets/day", "{\"limit_usd\":\"1\",\"alert_thresholds\":[0]}"},
                    {"/admin/v1/orgs/" + org + "/budgets/day", "{\"limit\":\"1\"}"}}) {
                params.add(platform.expect(400, "PUT", call[0], call[1]).path("error").path("param").asText());
            }

            assertThat(params).containsExactly("tokens_per_minute", "limit_usd", "limit_usd", "limit_usd", "period", "alert_thresholds", "limit");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aBudgetLimitIsKeptToTheNanoDollar(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            AdminClient platform = AdminClient.platform(gateway);
            String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();

            platform.expect(200, "PUT", "/admin/v1/orgs/" + org + "/budgets/day", "{\"limit_usd\":\"0.123456789\"}");

            assertThat(gateway.gateway().governance().budgets().of(dev.switchboard.governance.Scope.ORG, org).getFirst().limitNanos())
                    .isEqualTo(123_456_789L);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCredentialForAProviderTheGatewayDoesNotHaveIsRefused(TestDatabase kind) {
        try (RunningGateway gateway = start(kind)) {
            AdminClient platform = AdminClient.platform(gateway);
            String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
            String team = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}").path("id").asText();

            JsonNode error = platform.expect(400, "PUT", "/admin/v1/teams/" + team + "/credentials/nope", "{\"api_key\":\"x\"}").path("error");

            assertThat(error.path("param").asText()).isEqualTo("provider");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void withoutAMasterKeyStoringACredentialIsABadRequestSayingWhy(TestDatabase kind) {
        try (RunningGateway gateway = RunningGateway.start(kind.governanceYaml(), java.util.Map.of(Governance.ADMIN_KEY_ENV, AdminClient.ADMIN_KEY))) {
            AdminClient platform = AdminClient.platform(gateway);
            String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
            String team = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}").path("id").asText();

            JsonNode error = platform.expect(400, "PUT", "/admin/v1/teams/" + team + "/credentials/mock", "{\"api_key\":\"x\"}").path("error");

            assertThat(error.path("message").asText()).contains("SWITCHBOARD_MASTER_KEY");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theGatewayKeysOfTheConfigFileDoNotOpenTheAdminApi(TestDatabase kind) {
        try (RunningGateway gateway = RunningGateway.start(kind.governanceYaml() + "auth:\n  keys: [\"sk-config-key\"]\n", AdminClient.ENV)) {
            assertThat(new AdminClient(gateway, "sk-config-key").send("GET", "/admin/v1/me", null).statusCode()).isEqualTo(401);
            assertThat(AdminClient.platform(gateway).send("GET", "/admin/v1/me", null).statusCode()).isEqualTo(200);
        }
    }

    /** Every text value in every governance table, for checking what was stored. */
    /**
     * A user of {@code role} in a new organisation with one team, and a key of theirs.
     *
     * @param keyFields more fields of the key, each with a leading comma
     * @return the key's creation response (id, key, ...)
     */
    private static JsonNode userWithKey(AdminClient platform, String role, String keyFields) {
        String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
        String team = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"payments\"}").path("id").asText();
        String user = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/users",
                "{\"email\":\"" + role + "@acme.test\",\"role\":\"" + role + "\"}").path("id").asText();
        return platform.expect(201, "POST", "/admin/v1/teams/" + team + "/keys", "{\"user_id\":\"" + user + "\"" + keyFields + "}");
    }

    private static String databaseText(RunningGateway gateway) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection connection = gateway.gateway().governance().database().connection()) {
            for (String table : List.of("api_keys", "audit_log", "provider_credentials", "teams", "users", "orgs")) {
                try (ResultSet rows = connection.createStatement().executeQuery("SELECT * FROM " + table)) {
                    while (rows.next()) {
                        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                            text.append(rows.getString(column)).append('\n');
                        }
                    }
                }
            }
        }
        return text.toString();
    }
}
