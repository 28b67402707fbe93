package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.provider.mock.MockProvider;
import dev.switchboard.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With no provider configured, the offline mock serves the whole API and says what it is. */
class MockProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start("");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void with_no_provider_the_mock_models_are_listed() throws Exception {
        JsonNode list = JSON.readTree(gateway.get("/v1/models").body());

        assertThat(list.path("data").findValuesAsText("id")).containsExactly("mock", "mock-embedding");
    }

    @Test
    void every_mock_answer_says_it_is_a_simulation() throws Exception {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", "{\"model\":\"mock\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");

        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("system_fingerprint").asText()).isEqualTo("switchboard-mock");
        assertThat(body.at("/choices/0/message/content").asText()).startsWith(MockProvider.NOTICE).contains("hello");
        assertThat(response.headers().firstValue("x-switchboard-provider")).hasValue("mock");
        assertThat(response.headers().firstValue("x-switchboard-cost-usd")).hasValue("0");
    }

    @Test
    void the_mock_calls_an_offered_tool_with_schema_shaped_arguments() throws Exception {
        String request = """
                {"model":"mock","messages":[{"role":"user","content":"weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
                   "properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}}}]}""";

        JsonNode body = JSON.readTree(gateway.post("/v1/chat/completions", request).body());

        JsonNode call = body.at("/choices/0/message/tool_calls/0");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        JsonNode arguments = JSON.readTree(call.at("/function/arguments").asText());
        assertThat(arguments.path("city").isTextual()).isTrue();
        assertThat(arguments.path("days").isInt()).isTrue();
    }

    @Test
    void the_mock_streams_chunks_and_usage_when_asked() {
        String request = "{\"model\":\"mock\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        String body = gateway.post("/v1/chat/completions", request).body();

        assertThat(body).startsWith("data: {").contains("\"usage\":{").contains("\"cost_usd\":0").endsWith("data: [DONE]\n\n");
        assertThat(body.split("\n\n").length).isGreaterThan(5);
    }

    @Test
    void the_mock_fills_a_json_schema() throws Exception {
        String request = """
                {"model":"mock","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema",
                 "json_schema":{"name":"r","schema":{"type":"object","properties":{"answer":{"type":"string"},"score":{"type":"number"}}}}}}""";

        JsonNode body = JSON.readTree(gateway.post("/v1/chat/completions", request).body());

        JsonNode content = JSON.readTree(body.at("/choices/0/message/content").asText());
        assertThat(content.path("answer").isTextual()).isTrue();
        assertThat(content.path("score").isNumber()).isTrue();
    }

    @Test
    void mock_embeddings_are_deterministic_unit_vectors_in_float_or_base64() throws Exception {
        JsonNode floats = JSON.readTree(gateway.post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"same text\",\"dimensions\":8}").body());
        JsonNode encoded = JSON.readTree(gateway.post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":[\"same text\"],\"dimensions\":8,\"encoding_format\":\"base64\"}").body());

        JsonNode vector = floats.at("/data/0/embedding");
        assertThat(vector).hasSize(8);
        double norm = 0;
        for (JsonNode v : vector) {
            norm += v.asDouble() * v.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        ByteBuffer decoded = ByteBuffer.wrap(Base64.getDecoder().decode(encoded.at("/data/0/embedding").asText())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat((double) decoded.getFloat(0)).isCloseTo(vector.get(0).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void mock_embeddings_beyond_openais_limits_are_a_400_not_an_allocation_of_gigabytes() throws Exception {
        String inputs = ",\"a\"".repeat(2_049).substring(1);

        HttpResponse<String> tooMany = gateway.post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":[" + inputs + "]}");
        HttpResponse<String> tooWide = gateway.post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"a\",\"dimensions\":2000000000}");

        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).at("/error/message").asText())
                .isEqualTo("The mock embeds at most 2048 inputs per request, as OpenAI does; got 2049.");
        assertThat(tooWide.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooWide.body()).at("/error/param").asText()).isEqualTo("dimensions");
    }
}
