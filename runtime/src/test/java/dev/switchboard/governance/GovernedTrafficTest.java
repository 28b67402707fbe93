package dev.switchboard.governance;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.config.Secret;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.identity.ModelRules;
import dev.switchboard.governance.identity.Org;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.testing.ChatStubs;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Two teams' traffic through the real {@code /v1} flow with virtual keys: BYOK, opt-in request
 * logging and ledger attribution each apply to their own team only.
 */
class GovernedTrafficTest {
    private static final String MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String GATEWAY_KEY = "sk-gateway-upstream-key";
    private static final String TEAM_A_OPENAI_KEY = "sk-team-a-own-openai-key";
    private static final String TEAM_A_ANTHROPIC_KEY = "sk-ant-team-a-own-anthropic-key";

    private record Fixture(RunningGateway gateway, String url, FakeVendor openai, FakeVendor anthropic, Team teamA, Team teamB,
                           String keyA, String keyB) implements AutoCloseable {
        @Override
        public void close() {
            gateway.close();
            openai.close();
            anthropic.close();
        }
    }

    private static Fixture start(TestDatabase kind) {
        String url = kind.newUrl();
        FakeVendor openai = new FakeVendor(FakeVendor.Format.OPENAI);
        FakeVendor anthropic = new FakeVendor(FakeVendor.Format.ANTHROPIC);
        ChatStubs.openAi(openai, "Sure.");
        ChatStubs.anthropic(anthropic, "Sure.");
        RunningGateway gateway = RunningGateway.start(kind.governanceYaml(url) + "auth:\n  keys: [sb-config-file-key]\n"
                + ChatStubs.config(openai, anthropic, GATEWAY_KEY), Map.of("SWITCHBOARD_MASTER_KEY", MASTER_KEY));
        Governance governance = gateway.gateway().governance();
        IdentityStore identities = governance.identities();
        Org org = identities.createOrg("acme");
        Team a = identities.createTeam(org.id(), "payments", ModelRules.ANY, Map.of(), true, 7);
        Team b = identities.createTeam(org.id(), "search", ModelRules.ANY, Map.of(), false, null);
        String keyA = identities.createKey(org.id(), a.id(), null, "a", ModelRules.ANY, Map.of(), null).secret();
        String keyB = identities.createKey(org.id(), b.id(), null, "b", ModelRules.ANY, Map.of(), null).secret();
        governance.credentials().put(a.id(), "oai", Secret.of(TEAM_A_OPENAI_KEY));
        governance.credentials().put(a.id(), "ant", Secret.of(TEAM_A_ANTHROPIC_KEY));
        governance.changed();
        return new Fixture(gateway, url, openai, anthropic, a, b, keyA, keyB);
    }

    private static HttpResponse<String> chat(Fixture f, String key, String prompt, boolean stream) {
        HttpResponse<String> response = f.gateway().post("/v1/chat/completions", ChatStubs.openAiRequest(prompt, stream),
                "Authorization", "Bearer " + key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static List<String> upstreamAuth(FakeVendor vendor, String path, String header) {
        return vendor.server().findAll(postRequestedFor(urlPathEqualTo(path))).stream()
                .map(LoggedRequest.class::cast).map(r -> r.getHeader(header)).toList();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTeamsOwnProviderKeyCarriesOnlyThatTeamsTrafficAndIsNeverShown(TestDatabase kind) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (Fixture f = start(kind)) {
            HttpResponse<String> a = chat(f, f.keyA(), "hi", false);
            chat(f, f.keyB(), "hi", false);
            HttpResponse<String> anthropic = f.gateway().post("/v1/messages", ChatStubs.anthropicRequest("hi", true),
                    "x-api-key", f.keyA());

            assertThat(upstreamAuth(f.openai(), "/v1/chat/completions", "Authorization"))
                    .containsExactly("Bearer " + TEAM_A_OPENAI_KEY, "Bearer " + GATEWAY_KEY);
            assertThat(upstreamAuth(f.anthropic(), "/v1/messages", "x-api-key")).containsExactly(TEAM_A_ANTHROPIC_KEY);
            assertThat(a.body() + a.headers().map() + anthropic.body() + anthropic.headers().map())
                    .doesNotContain(TEAM_A_OPENAI_KEY).doesNotContain(TEAM_A_ANTHROPIC_KEY);
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .doesNotContain(TEAM_A_OPENAI_KEY).doesNotContain(TEAM_A_ANTHROPIC_KEY));
    }

    /**
     * A request that fails inside the gateway is answered with a generic 500, and used to leave no
     * ledger row. The failure here is a real one: a gateway started with another master key than
     * the one team A's provider key was stored with cannot decrypt it.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRequestThatFailsInsideTheGatewayWithA500StillLeavesItsLedgerRow(TestDatabase kind) {
        String requestId;
        String url;
        String teamA;
        try (Fixture f = start(kind);
             RunningGateway rotated = RunningGateway.start(kind.governanceYaml(f.url()) + ChatStubs.config(f.openai(), f.anthropic(), GATEWAY_KEY),
                     Map.of("SWITCHBOARD_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32])))) {
            url = f.url();
            teamA = f.teamA().id();
            HttpResponse<String> response = rotated.post("/v1/chat/completions", ChatStubs.openAiRequest("hi", false),
                    "Authorization", "Bearer " + f.keyA());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
            requestId = response.headers().firstValue("x-request-id").orElseThrow();
        }

        try (Database database = kind.open(url)) {
            List<String> rows = new Jdbc(database).query("SELECT status, outcome, team_id FROM usage_ledger WHERE request_id = ?",
                    row -> row.getInt("status") + " " + row.getString("outcome") + " " + row.getString("team_id"), requestId);
            assertThat(rows).containsExactly("500 failed " + teamA);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void onlyTheOptedInTeamsRequestsAreStoredRedactedAndTheLedgerNamesEachTeam(TestDatabase kind) {
        String url;
        Fixture fixture = start(kind);
        try (Fixture f = fixture) {
            url = f.url();
            chat(f, f.keyA(), "I am ann@example.com", false);
            chat(f, f.keyA(), "I am ann@example.com", true);
            chat(f, f.keyB(), "I am bob@example.com", false);
        }

        try (Database database = kind.open(url)) {
            Jdbc jdbc = new Jdbc(database);
            List<String> stored = jdbc.query("SELECT team_id, request_text, response_text FROM request_logs",
                    row -> row.getString("team_id") + " " + row.getString("request_text") + " " + row.getString("response_text"));
            assertThat(stored).hasSize(2).allSatisfy(row -> assertThat(row)
                    .startsWith(fixture.teamA().id()).contains("I am [EMAIL]").contains("Sure.").doesNotContain("ann@"));
            List<String> ledger = jdbc.query("SELECT team_id, key_id, org_id FROM usage_ledger ORDER BY time",
                    row -> row.getString("team_id"));
            assertThat(ledger).containsExactlyInAnyOrder(fixture.teamA().id(), fixture.teamA().id(), fixture.teamB().id());
        }
    }
}
