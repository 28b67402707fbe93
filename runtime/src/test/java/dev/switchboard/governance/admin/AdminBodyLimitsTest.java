package dev.switchboard.governance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an admin sends is stored and shown back, so it is bounded (issue 13): oversize names, lists
 * and tag sets are refused with a 400 naming the field and its limit, never stored or echoed.
 */
class AdminBodyLimitsTest {
    private static RunningGateway gateway;
    private static AdminClient platform;
    private static String team;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start(TestDatabase.SQLITE.governanceYaml(), AdminClient.ENV);
        platform = AdminClient.platform(gateway);
        String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
        team = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"search\"}").path("id").asText();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static JsonNode refused(String method, String path, String body) {
        JsonNode error = platform.expect(400, method, path, body).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        return error;
    }

    @Test
    void an_organisation_name_of_a_million_characters_is_a_400_naming_the_limit_and_not_echoed() {
        JsonNode error = refused("POST", "/admin/v1/orgs", "{\"name\":\"" + "n".repeat(1_000_000) + "\"}");

        assertThat(error.path("message").asText()).isEqualTo("'name' is 1000000 characters long; at most 256 are allowed.");
        assertThat(error.path("param").asText()).isEqualTo("name");
        assertThat(platform.get("/admin/v1/orgs").path("data")).hasSize(1);
    }

    @Test
    void a_model_list_of_more_than_a_thousand_entries_or_with_an_overlong_name_is_a_400() {
        String many = IntStream.range(0, 1_001).mapToObj(i -> "\"m" + i + "\"").collect(Collectors.joining(","));

        JsonNode tooMany = refused("PATCH", "/admin/v1/teams/" + team, "{\"allowed_models\":[" + many + "]}");
        JsonNode tooLong = refused("PATCH", "/admin/v1/teams/" + team, "{\"denied_models\":[\"gpt-4o\",\"" + "m".repeat(257) + "\"]}");

        assertThat(tooMany.path("message").asText()).isEqualTo("'allowed_models' has 1001 entries; at most 1000 are allowed.");
        assertThat(tooLong.path("message").asText()).isEqualTo("'denied_models[1]' is 257 characters long; at most 256 are allowed.");
    }

    @Test
    void more_than_64_tags_or_an_overlong_tag_value_is_a_400() {
        String many = IntStream.range(0, 65).mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(","));

        JsonNode tooMany = refused("POST", "/admin/v1/teams/" + team + "/keys", "{\"name\":\"ci\",\"tags\":{" + many + "}}");
        JsonNode tooLong = refused("POST", "/admin/v1/teams/" + team + "/keys",
                "{\"name\":\"ci\",\"tags\":{\"owner\":\"" + "v".repeat(300) + "\"}}");

        assertThat(tooMany.path("message").asText()).isEqualTo("'tags' has 65 entries; at most 64 are allowed.");
        assertThat(tooLong.path("message").asText()).isEqualTo("'tags.owner' is 300 characters long; at most 256 are allowed.");
    }

    @Test
    void a_body_over_a_megabyte_is_a_413_before_it_is_parsed() {
        JsonNode error = platform.expect(413, "POST", "/admin/v1/orgs", "{\"name\":\"" + "n".repeat(1 << 20) + "\"}").path("error");

        assertThat(error.path("code").asText()).isEqualTo("request_too_large");
        assertThat(error.path("message").asText()).isEqualTo("Request body exceeds the limit of 1048576 bytes.");
    }

    @Test
    void json_nested_a_thousand_levels_deep_is_a_400_saying_so() {
        JsonNode error = refused("POST", "/admin/v1/orgs", "{\"name\":" + "[".repeat(1_500) + "]".repeat(1_500) + "}");

        assertThat(error.path("message").asText()).isEqualTo("We could not parse the JSON body of your request: "
                + "Document nesting depth (1001) exceeds the maximum allowed (1000).");
    }

    /** Regression (issue 14): only the first object was read, so this created the organisation "first". */
    @Test
    void a_body_holding_two_json_objects_is_a_400_and_neither_is_applied() {
        JsonNode error = refused("POST", "/admin/v1/orgs", "{\"name\":\"first\"}\n{\"name\":\"second\"}");

        assertThat(error.path("message").asText())
                .isEqualTo("We could not parse the JSON body of your request: Unexpected content after the JSON value (line 2, column 1).");
        assertThat(platform.get("/admin/v1/orgs").path("data")).hasSize(1);
    }

    @Test
    void a_provider_key_may_be_longer_than_a_name_but_not_unbounded_and_is_never_echoed() {
        String longKey = "sk-" + "k".repeat(500);
        String hugeKey = "sk-secret-" + "k".repeat(10_000);

        platform.expect(200, "PUT", "/admin/v1/teams/" + team + "/credentials/mock", "{\"api_key\":\"" + longKey + "\"}");
        JsonNode error = refused("PUT", "/admin/v1/teams/" + team + "/credentials/mock", "{\"api_key\":\"" + hugeKey + "\"}");

        assertThat(error.path("message").asText()).isEqualTo("'api_key' is 10010 characters long; at most 4096 are allowed.");
        assertThat(error.toString()).doesNotContain("sk-secret");
    }
}
