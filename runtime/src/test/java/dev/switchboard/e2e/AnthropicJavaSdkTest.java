package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.Usage;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.testing.AnthropicWire;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.testing.RunningGateway;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK talking to a running gateway on {@code /v1/messages}. Behind the
 * gateway stand two WireMock vendors: one speaking Anthropic's Messages API (served by pass-through)
 * and one OpenAI-compatible (served by translation), both answering with recorded payloads. What is
 * checked is what the SDK parses, and for the Anthropic vendor what it received.
 *
 * <p>One gateway and both vendors serve the whole class; the gateway requires a key, which the SDK
 * sends as {@code x-api-key}. Stubs and request journals are reset per test. The SDK's retries are
 * off, so a relayed error reaches the test as the first and only answer.
 */
class AnthropicJavaSdkTest {
    private static final String GATEWAY_KEY = "sk-switchboard-e2e";
    private static final String CLAUDE = "claude-sonnet-4-5";
    private static final String CLAUDE_UPSTREAM = "claude-sonnet-4-5-20250929";
    private static final String GPT = "gpt-4o-mini";
    private static final String SETUP = """
            auth:
              keys: [%s]
            models:
              %s:
                deployments: [{provider: claude, model: %s}]
              %s:
                deployments: [{provider: compat, model: gpt-4o-mini}]
            aliases:
              sonnet: %s
            catalog:
              - id: anthropic/%s
                provider: anthropic
                model: %s
                mode: chat
                pricing: {input: "3", output: "15", cache_read: "0.3", cache_write: "3.75"}
              - id: compat/gpt-4o-mini
                provider: compat
                model: gpt-4o-mini
                mode: chat
                pricing: {input: "0.15", output: "0.6", cache_read: "0.075"}
            """.formatted(GATEWAY_KEY, CLAUDE, CLAUDE_UPSTREAM, GPT, CLAUDE, CLAUDE_UPSTREAM, CLAUDE_UPSTREAM);

    private static FakeVendor anthropic;
    private static FakeVendor openAi;
    private static RunningGateway gateway;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        anthropic = new FakeVendor(FakeVendor.Format.ANTHROPIC);
        openAi = new FakeVendor(FakeVendor.Format.OPENAI);
        gateway = RunningGateway.start("providers:\n" + anthropic.providerYaml("claude", "sk-ant-upstream-secret")
                + openAi.providerYaml("compat", "sk-compat-upstream-secret") + SETUP);
        client = sdk(GATEWAY_KEY);
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
        openAi.close();
        anthropic.close();
    }

    @BeforeEach
    void resetUpstreams() {
        anthropic.server().resetAll();
        openAi.server().resetAll();
    }

    /** The SDK pointed at the gateway's root: it appends {@code /v1/messages} itself. */
    private static AnthropicClient sdk(String apiKey) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(gateway.baseUrl())
                .apiKey(apiKey)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static void stubAnthropic(String path, int status, String contentType, String payload) {
        anthropic.server().stubFor(post(path).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", contentType).withBody(AnthropicWire.bytes(payload))));
    }

    private static void stubOpenAi(String contentType, String payload) {
        openAi.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", contentType).withBody(OpenAiUpstream.payload(payload))));
    }

    private static LoggedRequest onlyAnthropicRequest(String path) {
        List<LoggedRequest> requests = anthropic.server().findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static MessageCreateParams.Builder ask(String model, String question) {
        return MessageCreateParams.builder().model(model).maxTokens(1024).addUserMessage(question);
    }

    private static MessageCreateParams weatherIn(String model) {
        Tool weather = Tool.builder()
                .name("get_weather")
                .description("Current weather at a location")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of(
                                "location", Map.of("type", "string"),
                                "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                        .build())
                .build();
        return ask(model, "What is the weather in two cities?").addTool(weather).build();
    }

    private static Message streamed(MessageCreateParams params) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    private static List<RawMessageStreamEvent> events(MessageCreateParams params) {
        List<RawMessageStreamEvent> events = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(events::add);
        }
        return events;
    }

    private static List<ToolUseBlock> toolUses(Message message) {
        return message.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse).toList();
    }

    private static String text(Message message) {
        return String.join("", message.content().stream().filter(ContentBlock::isText).map(b -> b.asText().text()).toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(ToolUseBlock block) {
        return block._input().convert(Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(AnthropicServiceException e) {
        return e.body().convert(Map.class);
    }

    private static BigDecimal cost(Map<String, JsonValue> usageExtras) {
        JsonValue cost = usageExtras.get("cost_usd");
        assertThat(cost).as("cost_usd").isNotNull();
        return new BigDecimal(cost.toString());
    }

    // ---- Anthropic upstream: the body passes through ----

    @Test
    void a_message_reaches_the_sdk_with_its_text_and_stop_reason() {
        stubAnthropic("/v1/messages", 200, "application/json", "message-text.json");

        Message message = client.messages().create(ask(CLAUDE, "What is the capital of France?").build());

        assertThat(text(message)).isEqualTo("Paris is the capital of France. It has been the country's capital since 987, apart from a few interruptions.");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
    }

    @Test
    void a_messages_usage_reaches_the_sdk_as_the_upstream_counted_it() {
        stubAnthropic("/v1/messages", 200, "application/json", "message-text.json");

        Usage usage = client.messages().create(ask(CLAUDE, "What is the capital of France?").build()).usage();

        assertThat(usage.inputTokens()).isEqualTo(21);
        assertThat(usage.cacheCreationInputTokens()).hasValue(1536L);
        assertThat(usage.cacheReadInputTokens()).hasValue(4096L);
        assertThat(usage.outputTokens()).isEqualTo(31);
    }

    @Test
    void the_gateways_cost_reaches_the_sdk_as_an_extra_usage_property() {
        stubAnthropic("/v1/messages", 200, "application/json", "message-text.json");

        Usage usage = client.messages().create(ask(CLAUDE, "What is the capital of France?").build()).usage();

        // 21 uncached x $3/M + 4096 cache reads x $0.30/M + 1536 cache writes x $3.75/M + 31 output x $15/M
        assertThat(cost(usage._additionalProperties())).isEqualByComparingTo("0.0075168");
    }

    @Test
    void tool_use_blocks_are_parsed_by_the_sdk_with_their_ids_names_and_inputs() {
        stubAnthropic("/v1/messages", 200, "application/json", "message-tool-use.json");

        Message message = client.messages().create(weatherIn(CLAUDE));

        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
        assertThat(toolUses(message)).extracting(ToolUseBlock::id)
                .containsExactly("toolu_01A09q90qw90lq917835lq9", "toolu_01B2d8Hrx5XkPjJ4wPzbYw3n");
        assertThat(toolUses(message)).extracting(ToolUseBlock::name).containsExactly("get_weather", "get_weather");
        assertThat(toolUses(message)).extracting(AnthropicJavaSdkTest::input).containsExactly(
                Map.of("location", "San Francisco, CA", "unit", "celsius"),
                Map.of("location", "New York, NY", "unit", "celsius"));
    }

    @Test
    void streamed_text_is_reassembled_by_the_sdks_accumulator() {
        stubAnthropic("/v1/messages", 200, "text/event-stream", "stream-text.sse");

        Message message = streamed(ask(CLAUDE, "Hello").build());

        assertThat(text(message)).isEqualTo("Hello! How can I help you today?");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
    }

    @Test
    void a_streams_final_usage_reaches_the_accumulator_as_the_upstream_sent_it() {
        stubAnthropic("/v1/messages", 200, "text/event-stream", "stream-text.sse");

        Usage usage = streamed(ask(CLAUDE, "Hello").build()).usage();

        assertThat(usage.inputTokens()).isEqualTo(472);
        assertThat(usage.cacheReadInputTokens()).hasValue(2048L);
        assertThat(usage.cacheCreationInputTokens()).hasValue(0L);
        assertThat(usage.outputTokens()).isEqualTo(12);
    }

    @Test
    void a_streams_cost_reaches_the_sdk_in_the_message_delta_usage() {
        stubAnthropic("/v1/messages", 200, "text/event-stream", "stream-text.sse");

        RawMessageStreamEvent delta = events(ask(CLAUDE, "Hello").build()).stream()
                .filter(RawMessageStreamEvent::isMessageDelta).findFirst().orElseThrow();

        // 472 uncached x $3/M + 2048 cache reads x $0.30/M + 12 output x $15/M
        assertThat(cost(delta.asMessageDelta().usage()._additionalProperties())).isEqualByComparingTo("0.0022104");
    }

    @Test
    void streamed_input_json_deltas_are_reassembled_into_tool_use_inputs() {
        stubAnthropic("/v1/messages", 200, "text/event-stream", "stream-tool-use.sse");

        Message message = streamed(weatherIn(CLAUDE));

        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
        assertThat(text(message)).isEqualTo("Let me check both cities.");
        assertThat(toolUses(message)).extracting(ToolUseBlock::id)
                .containsExactly("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "toolu_01PmXq8Rk3S2v5wNcbLzQ7aT");
        assertThat(toolUses(message)).extracting(AnthropicJavaSdkTest::input).containsExactly(
                Map.of("location", "San Francisco, CA", "unit", "celsius"),
                Map.of("location", "New York, NY"));
    }

    @Test
    void an_error_event_after_the_first_token_makes_the_sdk_throw() {
        stubAnthropic("/v1/messages", 200, "text/event-stream", "stream-overloaded-midway.sse");

        assertThatThrownBy(() -> streamed(ask(CLAUDE, "Hello").build()))
                .isInstanceOf(com.anthropic.errors.SseException.class)
                .hasMessageContaining("Overloaded");
    }

    @Test
    void an_error_event_before_the_first_token_is_retried_then_reported_with_its_status() {
        stubAnthropic("/v1/messages", 200, "text/event-stream", "stream-overloaded.sse");

        assertThatThrownBy(() -> streamed(ask(CLAUDE, "Hello").build()))
                .isInstanceOfSatisfying(com.anthropic.errors.InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(529);
                    assertThat(e.headers().values("x-switchboard-attempts")).containsExactly("3");
                })
                .hasMessageContaining("Overloaded");
    }

    @Test
    void a_wrong_api_key_makes_the_sdk_throw_unauthorized_and_nothing_reaches_the_upstream() {
        AnthropicClient stranger = sdk("sk-not-a-gateway-key");
        try {
            assertThatThrownBy(() -> stranger.messages().create(ask(CLAUDE, "hi").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(body(e)).containsEntry("type", "error");
                        assertThat(body(e).get("error")).isEqualTo(Map.of("type", "authentication_error",
                                "message", "Incorrect API key provided."));
                    });
        } finally {
            stranger.close();
        }
        assertThat(anthropic.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void the_right_api_key_is_accepted_and_the_upstream_sees_only_its_own_key() {
        stubAnthropic("/v1/messages", 200, "application/json", "message-text.json");

        client.messages().create(ask(CLAUDE, "hi").build());

        LoggedRequest sent = onlyAnthropicRequest("/v1/messages");
        assertThat(sent.getHeader("x-api-key")).isEqualTo("sk-ant-upstream-secret");
        assertThat(sent.containsHeader("Authorization")).isFalse();
    }

    @Test
    void an_unknown_model_makes_the_sdk_throw_not_found_with_an_anthropic_error_body() {
        assertThatThrownBy(() -> client.messages().create(ask("claude-imaginary-9", "hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(body(e)).containsEntry("type", "error");
                    assertThat(body(e).get("error")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                            .containsEntry("type", "not_found_error")
                            .hasEntrySatisfying("message", m -> assertThat((String) m).contains("claude-imaginary-9"));
                });
        assertThat(anthropic.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void an_upstream_529_overloaded_reaches_the_sdk_with_its_status_and_error_type() {
        stubAnthropic("/v1/messages", 529, "application/json", "error-overloaded.json");

        assertThatThrownBy(() -> client.messages().create(ask(CLAUDE, "hi").build()))
                .isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(529);
                    assertThat(body(e).get("error")).isEqualTo(Map.of("type", "overloaded_error", "message", "Overloaded"));
                });
    }

    @Test
    void the_sdks_anthropic_version_and_the_callers_beta_header_reach_the_upstream() {
        stubAnthropic("/v1/messages", 200, "application/json", "message-text.json");

        client.messages().create(ask(CLAUDE, "hi").putAdditionalHeader("anthropic-beta", "token-efficient-tools-2025-02-19").build());

        anthropic.server().verify(1, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("anthropic-beta", equalTo("token-efficient-tools-2025-02-19")));
    }

    @Test
    void betas_sent_on_separate_header_lines_all_reach_the_upstream() {
        stubAnthropic("/v1/messages", 200, "application/json", "message-text.json");

        // Repeated field lines mean the same as one comma-separated line (RFC 9110, section 5.3).
        gateway.post("/v1/messages", "{\"model\":\"" + CLAUDE + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", GATEWAY_KEY, "anthropic-version", "2023-06-01",
                "anthropic-beta", "token-efficient-tools-2025-02-19", "anthropic-beta", "interleaved-thinking-2025-05-14");

        List<String> betas = onlyAnthropicRequest("/v1/messages").getHeaders().getHeader("anthropic-beta").values().stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(","))).map(String::strip).toList();
        assertThat(betas).containsExactlyInAnyOrder("token-efficient-tools-2025-02-19", "interleaved-thinking-2025-05-14");
    }

    @Test
    void count_tokens_is_forwarded_to_the_upstreams_count_endpoint_and_its_number_returned() {
        anthropic.server().stubFor(post("/v1/messages/count_tokens").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"input_tokens\":2095}")));

        HttpResponseFor<MessageTokensCount> response = client.messages().withRawResponse().countTokens(
                MessageCountTokensParams.builder().model(CLAUDE).addUserMessage("How many tokens is this?").build());

        assertThat(response.parse().inputTokens()).isEqualTo(2095);
        assertThat(response.headers().values("x-switchboard-token-count")).containsExactly("exact");
        LoggedRequest sent = onlyAnthropicRequest("/v1/messages/count_tokens");
        assertThat(sent.getHeader("x-api-key")).isEqualTo("sk-ant-upstream-secret");
        assertThat(sent.getBodyAsString()).contains("\"model\":\"" + CLAUDE_UPSTREAM + "\"");
    }

    @Test
    void a_passed_through_body_reaches_the_upstream_byte_for_byte_but_for_the_model() {
        stubAnthropic("/v1/messages", 200, "application/json", "message-text.json");
        // Odd spacing, a field order no serializer would choose, escapes and raw UTF-8: all must survive.
        String sent = """
                { "max_tokens":  1024,"model" : "sonnet" ,
                  "messages": [ {"role":"user","content":"Caf\\u00e9 or th\u00e9? \\ud83d\\ude00 One word."} ],
                  "metadata": {"user_id": "u-42"}, "temperature": 0.70, "stream": false }
                """;

        HttpResponse<String> response = gateway.post("/v1/messages", sent, "x-api-key", GATEWAY_KEY, "anthropic-version", "2023-06-01");

        assertThat(response.statusCode()).isEqualTo(200);
        byte[] expected = sent.replace("\"sonnet\"", "\"" + CLAUDE_UPSTREAM + "\"").getBytes(StandardCharsets.UTF_8);
        assertThat(onlyAnthropicRequest("/v1/messages").getBody()).isEqualTo(expected);
    }

    // ---- request-id: the header Anthropic's SDKs read the request id from ----

    @Test
    void a_message_carries_the_gateways_request_id_where_the_sdk_reads_it() {
        stubAnthropic("/v1/messages", 200, "application/json", "message-text.json");

        HttpResponseFor<Message> response = client.messages().withRawResponse().create(ask(CLAUDE, "hi").build());

        assertThat(response.requestId()).isPresent();
        assertThat(response.requestId()).isEqualTo(response.headers().values("x-request-id").stream().findFirst());
    }

    @Test
    void a_translated_stream_carries_the_gateways_request_id_where_the_sdk_reads_it() {
        stubOpenAi("text/event-stream", "chat-stream-text.sse");

        try (HttpResponseFor<StreamResponse<RawMessageStreamEvent>> response =
                     client.messages().withRawResponse().createStreaming(ask(GPT, "hi").build())) {
            assertThat(response.requestId()).isPresent();
            assertThat(response.requestId()).isEqualTo(response.headers().values("x-request-id").stream().findFirst());
        }
    }

    @Test
    void an_error_carries_the_gateways_request_id_where_the_sdk_reads_it() {
        assertThatThrownBy(() -> client.messages().create(ask("claude-imaginary-9", "hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.headers().values("request-id")).hasSize(1);
                    assertThat(e.headers().values("request-id")).isEqualTo(e.headers().values("x-request-id"));
                });
    }

    @Test
    void the_callers_own_request_id_is_the_one_the_sdk_reads_back() {
        stubAnthropic("/v1/messages", 200, "application/json", "message-text.json");

        HttpResponseFor<Message> response = client.messages().withRawResponse()
                .create(ask(CLAUDE, "hi").putAdditionalHeader("x-request-id", "trace-7.b").build());

        assertThat(response.requestId()).hasValue("trace-7.b");
    }

    // ---- OpenAI-compatible upstream: the answer is translated ----

    @Test
    void a_translated_completion_reaches_the_sdk_as_a_text_message() {
        stubOpenAi("application/json", "chat-completion.json");

        Message message = client.messages().create(ask(GPT, "What is the capital of France?").build());

        assertThat(text(message)).isEqualTo("The capital of France is Paris.");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
    }

    @Test
    void translated_tool_calls_reach_the_sdk_as_tool_use_blocks() {
        stubOpenAi("application/json", "chat-completion-tool-calls.json");

        Message message = client.messages().create(weatherIn(GPT));

        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
        assertThat(toolUses(message)).extracting(ToolUseBlock::id)
                .containsExactly("call_9pw1qnYScqvGrCH58HWCvFH6", "call_R3nm2Q0jLjV8IdWPp8SEvRlh");
        assertThat(toolUses(message)).extracting(ToolUseBlock::name).containsExactly("get_weather", "get_weather");
        assertThat(toolUses(message)).extracting(AnthropicJavaSdkTest::input).containsExactly(
                Map.of("location", "Paris, France", "unit", "celsius"),
                Map.of("location", "Tokyo, Japan", "unit", "celsius"));
    }

    @Test
    void a_translated_usage_counts_cached_prompt_tokens_apart_from_input_tokens() {
        stubOpenAi("application/json", "chat-completion.json");

        Usage usage = client.messages().create(ask(GPT, "What is the capital of France?").build()).usage();

        // OpenAI: prompt_tokens 2006 of which cached_tokens 1920; completion_tokens 10.
        assertThat(usage.inputTokens()).isEqualTo(86);
        assertThat(usage.cacheReadInputTokens()).hasValue(1920L);
        assertThat(usage.cacheCreationInputTokens()).hasValue(0L);
        assertThat(usage.outputTokens()).isEqualTo(10);
    }

    @Test
    void the_gateways_cost_reaches_the_sdk_for_a_translated_answer() {
        stubOpenAi("application/json", "chat-completion.json");

        Usage usage = client.messages().create(ask(GPT, "What is the capital of France?").build()).usage();

        // 86 uncached x $0.15/M + 1920 cached x $0.075/M + 10 output x $0.60/M
        assertThat(cost(usage._additionalProperties())).isEqualByComparingTo("0.0001629");
    }

    @Test
    void a_translated_stream_is_reassembled_by_the_sdks_accumulator() {
        stubOpenAi("text/event-stream", "chat-stream-text.sse");

        Message message = streamed(ask(GPT, "What is the capital of France?").build());

        assertThat(text(message)).isEqualTo("The capital of France is Paris.");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
    }

    @Test
    void a_translated_streams_usage_reaches_the_accumulator_converted() {
        stubOpenAi("text/event-stream", "chat-stream-text.sse");

        Usage usage = streamed(ask(GPT, "What is the capital of France?").build()).usage();

        // OpenAI's last chunk: prompt_tokens 2006 of which cached_tokens 1920; completion_tokens 7.
        assertThat(usage.inputTokens()).isEqualTo(86);
        assertThat(usage.cacheReadInputTokens()).hasValue(1920L);
        assertThat(usage.outputTokens()).isEqualTo(7);
    }

    @Test
    void translated_streamed_tool_calls_are_reassembled_into_tool_use_blocks() {
        stubOpenAi("text/event-stream", "chat-stream-tool-calls.sse");

        Message message = streamed(weatherIn(GPT));

        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
        assertThat(toolUses(message)).extracting(ToolUseBlock::id)
                .containsExactly("call_9pw1qnYScqvGrCH58HWCvFH6", "call_R3nm2Q0jLjV8IdWPp8SEvRlh");
        assertThat(toolUses(message)).extracting(AnthropicJavaSdkTest::input).containsExactly(
                Map.of("location", "Paris, France", "unit", "celsius"),
                Map.of("location", "Tokyo, Japan", "unit", "celsius"));
    }

    @Test
    void an_openai_upstreams_rate_limit_reaches_the_sdk_as_an_anthropic_rate_limit_error() {
        openAi.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("Retry-After", "7")
                .withBody(OpenAiUpstream.payload("error-rate-limit.json"))));

        // A model of its own: the 429 cools its deployment down for Retry-After, which other tests must not inherit.
        assertThatThrownBy(() -> client.messages().create(ask("compat/gpt-4o-mini-limited", "hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("7");
                    assertThat(body(e)).containsEntry("type", "error");
                    assertThat(body(e).get("error")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                            .containsEntry("type", "rate_limit_error")
                            .hasEntrySatisfying("message", m -> assertThat((String) m).startsWith("Rate limit reached for gpt-4o-mini"));
                });
    }

    @Test
    void count_tokens_for_an_openai_upstream_is_estimated_locally_and_says_so() {
        HttpResponseFor<MessageTokensCount> response = client.messages().withRawResponse().countTokens(
                MessageCountTokensParams.builder().model(GPT).addUserMessage("How many tokens is this?").build());

        assertThat(response.parse().inputTokens()).isPositive();
        assertThat(response.headers().values("x-switchboard-token-count")).containsExactly("estimated");
        assertThat(openAi.server().getAllServeEvents()).isEmpty();
    }
}
