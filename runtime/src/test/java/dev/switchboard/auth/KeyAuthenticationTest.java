package dev.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.identity.ModelRules;
import dev.switchboard.governance.identity.Org;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.testing.GovernanceRig;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Virtual keys on /v1: who may call, and which models. */
class KeyAuthenticationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = GovernanceRig.chatBody("gpt-4o-mini", 16);
    private static GovernanceRig rig;

    @BeforeAll
    static void start() {
        rig = GovernanceRig.start(TestDatabase.SQLITE);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error");
    }

    @Test
    void a_virtual_key_is_accepted_and_its_requests_are_attributed_to_it() {
        IdentityStore.CreatedKey key = rig.newKey();

        HttpResponse<String> response = rig.chat(key.secret(), CHAT);

        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(rig.usage().of(requestId).attribution().keyId()).isEqualTo(key.key().id());
        assertThat(rig.usage().of(requestId).attribution().teamId()).isEqualTo(rig.team().id());
    }

    @Test
    void a_virtual_key_is_accepted_as_x_api_key() {
        IdentityStore.CreatedKey key = rig.newKey();

        assertThat(rig.gateway().post("/v1/chat/completions", CHAT, "x-api-key", key.secret()).statusCode()).isEqualTo(200);
    }

    @Test
    void a_request_without_a_key_is_refused_once_virtual_keys_exist() throws Exception {
        rig.newKey();

        HttpResponse<String> response = rig.gateway().post("/v1/chat/completions", CHAT);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).path("message").asText()).contains("didn't provide an API key");
    }

    @Test
    void a_plain_serve_on_a_database_left_with_virtual_keys_says_that_they_are_why_a_key_is_needed() throws Exception {
        String url = TestDatabase.SQLITE.newUrl();
        String yaml = TestDatabase.SQLITE.governanceYaml(url) + "providers:\n  mock: {type: mock}\n";
        // The governance walkthrough: started with an admin key, which issued a virtual key.
        try (RunningGateway walkthrough = RunningGateway.start(yaml, Map.of("SWITCHBOARD_ADMIN_KEY", "sb-admin-bootstrap"))) {
            IdentityStore identities = walkthrough.gateway().governance().identities();
            Org org = identities.createOrg("acme");
            Team team = identities.createTeam(org.id(), "payments", null, null, false, null);
            identities.createKey(org.id(), team.id(), null, "checkout-service", null, null, null);
        }

        try (RunningGateway plain = RunningGateway.start(yaml)) {
            HttpResponse<String> response = plain.post("/v1/chat/completions",
                    "{\"model\":\"mock\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}");

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(error(response).path("message").asText())
                    .startsWith("You didn't provide an API key.").contains("virtual keys have been issued in its database");
        }
    }

    @Test
    void an_unknown_key_is_refused_and_not_echoed() throws Exception {
        rig.newKey();
        String unknown = "sk-sb-" + "x".repeat(43);

        HttpResponse<String> response = rig.chat(unknown, CHAT);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).path("message").asText()).isEqualTo("Incorrect API key provided.");
        assertThat(response.body()).doesNotContain(unknown);
    }

    @Test
    void a_revoked_key_is_refused_as_soon_as_the_change_is_announced() throws Exception {
        IdentityStore.CreatedKey key = rig.newKey();
        assertThat(rig.chat(key.secret(), CHAT).statusCode()).isEqualTo(200);

        rig.identities().revokeKey(key.key().id());
        rig.governance().changed();
        HttpResponse<String> response = rig.chat(key.secret(), CHAT);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).path("message").asText()).isEqualTo("This API key was revoked.");
    }

    @Test
    void a_key_is_refused_from_the_moment_it_expires_even_while_cached() throws Exception {
        IdentityStore.CreatedKey key = rig.identities().createKey(rig.org().id(), rig.team().id(), null, "short-lived", null, null,
                rig.clock().instant().plus(Duration.ofDays(400)));
        rig.governance().changed();
        assertThat(rig.chat(key.secret(), CHAT).statusCode()).isEqualTo(200);

        rig.clock().advance(Duration.ofDays(401));
        HttpResponse<String> response = rig.chat(key.secret(), CHAT);
        rig.clock().set(GovernanceRig.START.plus(Duration.ofSeconds(1)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).path("message").asText()).contains("expired");
    }

    @Test
    void a_denied_model_is_403_in_openai_shape_naming_the_model() throws Exception {
        IdentityStore.CreatedKey key = rig.newKey(new ModelRules(null, List.of("gpt-4o")));

        HttpResponse<String> response = rig.chat(key.secret(), GovernanceRig.chatBody("gpt-4o", 16));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(error(response).path("message").asText()).contains("'gpt-4o'").contains("API key");
        assertThat(rig.chat(key.secret(), CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void an_alias_of_a_denied_model_is_refused_too() {
        IdentityStore.CreatedKey key = rig.newKey(new ModelRules(null, List.of("gpt-4o-mini")));

        assertThat(rig.chat(key.secret(), GovernanceRig.chatBody("mini", 16)).statusCode()).isEqualTo(403);
    }

    @Test
    void a_model_outside_the_teams_allow_list_is_403_in_anthropic_shape_on_messages() throws Exception {
        Team team = rig.identities().createTeam(rig.org().id(), "narrow", new ModelRules(List.of("gpt-4o-mini"), null), null, false, null);
        IdentityStore.CreatedKey key = rig.identities().createKey(rig.org().id(), team.id(), null, "narrow", null, null, null);
        rig.governance().changed();

        HttpResponse<String> response = rig.gateway().post("/v1/messages",
                "{\"model\":\"gpt-4o\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", key.secret(), "anthropic-version", "2023-06-01");

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("permission_error");
        assertThat(body.path("error").path("message").asText()).contains("team").contains("'gpt-4o'");
    }

    @Test
    void counting_tokens_for_a_denied_model_is_403() {
        IdentityStore.CreatedKey key = rig.newKey(new ModelRules(List.of("gpt-4o-mini"), null));

        HttpResponse<String> response = rig.gateway().post("/v1/messages/count_tokens",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", key.secret(), "anthropic-version", "2023-06-01");

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void a_config_file_key_still_works_beside_virtual_keys() {
        try (GovernanceRig withConfigKey = GovernanceRig.start(TestDatabase.SQLITE, "auth:\n  keys: [sb-config-key]\n")) {
            withConfigKey.newKey();

            assertThat(withConfigKey.chat("sb-config-key", CHAT).statusCode()).isEqualTo(200);
            assertThat(withConfigKey.chat("sb-wrong-key", CHAT).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void a_gateway_with_no_keys_anywhere_stays_open_until_its_first_virtual_key() {
        try (GovernanceRig open = GovernanceRig.start(TestDatabase.SQLITE)) {
            assertThat(open.gateway().post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);

            open.newKey();

            assertThat(open.gateway().post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void a_bootstrap_admin_key_in_the_environment_closes_the_api() {
        try (RunningGateway gateway = RunningGateway.start("providers:\n  mock: {type: mock}\n",
                Map.of("SWITCHBOARD_ADMIN_KEY", "sb-admin-bootstrap"))) {
            HttpResponse<String> response = gateway.post("/v1/chat/completions",
                    "{\"model\":\"mock\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("Send your gateway key").doesNotContain("virtual keys");
        }
    }
}
