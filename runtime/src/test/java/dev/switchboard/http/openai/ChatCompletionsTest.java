package dev.switchboard.http.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.testing.RunningGateway;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRICED = """
            catalog:
              - id: upstream/gpt-4o-mini
                provider: upstream
                model: gpt-4o-mini
                mode: chat
                pricing: {input: "0.15", output: "0.6", cache_read: "0.075"}
            aliases:
              mini: gpt-4o-mini
            """;

    private static OpenAiUpstream upstream;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        upstream = new OpenAiUpstream();
        gateway = RunningGateway.start(upstream.config("gpt-4o-mini") + PRICED);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void forgetStubsAndRequests() {
        upstream.server().resetAll();
    }

    private void stubCompletion(String payload) {
        upstream.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(OpenAiUpstream.payload(payload))));
    }

    private void stubStream(String payload) {
        upstream.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(OpenAiUpstream.payload(payload))));
    }

    private LoggedRequest onlyUpstreamRequest() {
        List<LoggedRequest> requests = upstream.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    @Test
    void every_request_field_reaches_the_upstream_byte_for_byte() {
        stubCompletion("chat-completion.json");
        String body = """
                {"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"What is in this image?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]},"strict":true}}],
                 "tool_choice":"auto","parallel_tool_calls":true,
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"a":{"type":"string"}}},"strict":true}},
                 "n":2,"seed":42,"logprobs":true,"top_logprobs":3,"stop":["\\n\\n"],"temperature":0.2,"top_p":0.9,
                 "max_completion_tokens":300,"user":"u-1","metadata":{"team":"a"},"vendor_extension":{"x":[1,2,{"y":null}]}}""";

        HttpResponse<String> response = gateway.post("/v1/chat/completions", body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(onlyUpstreamRequest().getBodyAsString()).isEqualTo(body);
    }

    @Test
    void an_alias_is_rewritten_to_the_deployment_model_and_nothing_else_changes() {
        stubCompletion("chat-completion.json");
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}], \"model\" : \"mini\",\"temperature\":1}";

        gateway.post("/v1/chat/completions", body);

        assertThat(onlyUpstreamRequest().getBodyAsString())
                .isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}], \"model\" : \"gpt-4o-mini\",\"temperature\":1}");
    }

    @Test
    void the_upstream_key_is_sent_and_the_callers_key_is_not() {
        stubCompletion("chat-completion.json");

        gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer caller-key");

        upstream.server().verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-upstream-secret")));
    }

    @Test
    void a_completion_reports_its_exact_cost_with_cached_tokens_in_header_and_usage() throws Exception {
        stubCompletion("chat-completion.json");

        HttpResponse<String> response = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        // 86 uncached x $0.15/M + 1920 cached x $0.075/M + 10 output x $0.60/M
        BigDecimal expected = new BigDecimal("0.0001629");
        assertThat(new BigDecimal(response.headers().firstValue("x-switchboard-cost-usd").orElseThrow())).isEqualByComparingTo(expected);
        JsonNode usage = JSON.readTree(response.body()).path("usage");
        assertThat(usage.path("cost_usd").decimalValue()).isEqualByComparingTo(expected);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(1920);
        assertThat(response.headers().firstValue("x-switchboard-provider")).hasValue("upstream");
    }

    @Test
    void the_upstream_answer_is_relayed_unchanged_apart_from_the_cost() throws Exception {
        stubCompletion("chat-completion-tool-calls.json");

        HttpResponse<String> response = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}");

        JsonNode relayed = JSON.readTree(response.body());
        JsonNode original = JSON.readTree(OpenAiUpstream.payload("chat-completion-tool-calls.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) relayed.path("usage")).remove("cost_usd");
        assertThat(relayed).isEqualTo(original);
    }

    @Test
    void a_stream_is_relayed_event_by_event_with_tool_call_deltas_intact() {
        stubStream("chat-stream-tool-calls.sse");

        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<String> sent = events(OpenAiUpstream.payload("chat-stream-tool-calls.sse"));
        List<String> received = events(response.body());
        assertThat(received).hasSameSizeAs(sent);
        assertThat(received.subList(0, sent.size() - 2)).isEqualTo(sent.subList(0, sent.size() - 2));
        assertThat(received.get(received.size() - 1)).isEqualTo("data: [DONE]");
    }

    @Test
    void a_streams_usage_chunk_carries_the_exact_cost() throws Exception {
        stubStream("chat-stream-text.sse");

        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        List<String> received = events(response.body());
        JsonNode usage = JSON.readTree(received.get(received.size() - 2).substring("data: ".length())).path("usage");
        // 86 uncached x $0.15/M + 1920 cached x $0.075/M + 7 output x $0.60/M
        assertThat(usage.path("cost_usd").decimalValue()).isEqualByComparingTo("0.0001611");
    }

    @Test
    void the_gateway_asks_for_stream_usage_but_hides_it_from_clients_that_did_not() {
        stubStream("chat-stream-text.sse");

        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(onlyUpstreamRequest().getBodyAsString())
                .isEqualTo("{\"stream_options\":{\"include_usage\":true},\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        List<String> received = events(response.body());
        assertThat(received).noneMatch(e -> e.contains("\"choices\":[]"));
        assertThat(received.get(received.size() - 1)).isEqualTo("data: [DONE]");
    }

    @Test
    void a_stream_cut_before_its_end_marker_ends_with_an_error_event_not_done() {
        String full = OpenAiUpstream.payload("chat-stream-text.sse");
        String cut = full.substring(0, full.indexOf(" France"));
        cut = cut.substring(0, cut.lastIndexOf("\n\n") + 2);
        upstream.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(cut)));

        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        List<String> received = events(response.body());
        assertThat(received).doesNotContain("data: [DONE]");
        assertThat(received.get(received.size() - 1)).contains("\"error\"").contains("ended before the answer was complete");
    }

    @Test
    void an_upstream_error_is_relayed_with_its_status_and_message() throws Exception {
        upstream.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(OpenAiUpstream.payload("error-invalid-request.json"))));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("message").asText()).startsWith("Invalid 'messages[1].content': string too long.");
        assertThat(error.path("code").asText()).isEqualTo("string_above_max_length");
    }

    @Test
    void an_upstream_rate_limit_is_relayed_as_429_with_retry_after() throws Exception {
        upstream.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("Retry-After", "3")
                .withBody(OpenAiUpstream.payload("error-rate-limit.json"))));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("3");
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void an_upstream_that_does_not_answer_in_time_yields_504_naming_the_deployment_not_its_address() throws Exception {
        upstream.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withFixedDelay(3_000).withBody(OpenAiUpstream.payload("chat-completion.json"))));
        try (RunningGateway impatient = RunningGateway.start(upstream.config("gpt-4o-mini").replace("timeout: 30s", "timeout: 500ms"))) {

            HttpResponse<String> response = impatient.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(JSON.readTree(response.body()).path("error").path("type").asText()).isEqualTo("timeout_error");
            assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                    .isEqualTo("No answer from provider 'upstream' (deployment upstream/gpt-4o-mini) within 500 ms.");
        }
    }

    @Test
    void an_unreachable_upstream_yields_502_naming_the_deployment_without_its_address_or_the_key() throws Exception {
        String closedPort = "http://127.0.0.1:9/v1";
        try (RunningGateway unreachable = RunningGateway.start(upstream.config("gpt-4o-mini").replace(upstream.baseUrl(), closedPort))) {
            HttpResponse<String> response = unreachable.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).doesNotContain("sk-upstream-secret").doesNotContain("127.0.0.1");
            assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("upstream_unavailable");
            assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                    .isEqualTo("Cannot connect to provider 'upstream' (deployment upstream/gpt-4o-mini): connection refused.");
        }
    }

    @Test
    void embeddings_pass_through_and_are_priced() throws Exception {
        upstream.server().stubFor(post("/v1/embeddings").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(OpenAiUpstream.payload("embeddings.json"))));
        RunningGateway withEmbeddings = RunningGateway.start(upstream.config("text-embedding-3-small") + """
                catalog:
                  - {id: upstream/text-embedding-3-small, provider: upstream, model: text-embedding-3-small, mode: embedding, pricing: {input: "0.02", output: "0"}}
                """);
        try (withEmbeddings) {
            String body = "{\"model\":\"text-embedding-3-small\",\"input\":[\"hello\",\"world\"],\"encoding_format\":\"float\",\"dimensions\":4}";

            HttpResponse<String> response = withEmbeddings.post("/v1/embeddings", body);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("data")).hasSize(2);
            // 12 tokens x $0.02/M
            assertThat(new BigDecimal(response.headers().firstValue("x-switchboard-cost-usd").orElseThrow())).isEqualByComparingTo("0.00000024");
            assertThat(upstream.server().findAll(postRequestedFor(urlEqualTo("/v1/embeddings"))).get(0).getBodyAsString()).isEqualTo(body);
        }
    }

    /** The events of an SSE body, one string per event without its blank-line terminator. */
    static List<String> events(String body) {
        return java.util.Arrays.stream(body.split("\n\n")).filter(e -> !e.isBlank()).toList();
    }
}
