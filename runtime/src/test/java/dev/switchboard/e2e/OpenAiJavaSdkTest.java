package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.testing.RunningGateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK talking to a running gateway, which talks to a WireMock upstream
 * serving OpenAI's recorded wire format. What is checked is what the SDK parses, so these tests
 * fail when the gateway's output stops being something a real client understands.
 *
 * <p>One upstream and one gateway serve the whole class (the gateway requires a key, so every
 * test also proves the SDK's key is accepted); stubs and the request journal are reset per test.
 * The SDK's retries are off so a relayed error reaches the test as the first and only answer.
 */
class OpenAiJavaSdkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GATEWAY_KEY = "sk-switchboard-e2e";
    private static final String SETUP = """
            auth:
              keys: [%s]
            catalog:
              - id: upstream/gpt-4o-mini
                provider: upstream
                model: gpt-4o-mini
                mode: chat
                pricing: {input: "0.15", output: "0.6", cache_read: "0.075"}
              - {id: upstream/text-embedding-3-small, provider: upstream, model: text-embedding-3-small, mode: embedding, pricing: {input: "0.02", output: "0"}}
            """.formatted(GATEWAY_KEY);

    private static OpenAiUpstream upstream;
    private static RunningGateway gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        upstream = new OpenAiUpstream();
        gateway = RunningGateway.start(upstream.config("gpt-4o-mini", "text-embedding-3-small") + SETUP);
        client = sdk(GATEWAY_KEY);
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void resetUpstream() {
        upstream.server().resetAll();
    }

    private static OpenAIClient sdk(String apiKey) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gateway.openAiBaseUrl())
                .apiKey(apiKey)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static void stub(String path, int status, String contentType, String payload) {
        upstream.server().stubFor(post(path).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", contentType).withBody(OpenAiUpstream.payload(payload))));
    }

    private static JsonNode onlyUpstreamBody(String path) throws Exception {
        List<LoggedRequest> requests = upstream.server().findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(requests).hasSize(1);
        return JSON.readTree(requests.get(0).getBodyAsString());
    }

    private static ChatCompletionCreateParams.Builder ask(String question) {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(question);
    }

    private static ChatCompletionCreateParams weatherInParisAndTokyo() {
        FunctionParameters parameters = FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                        "location", Map.of("type", "string"),
                        "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")))))
                .putAdditionalProperty("required", JsonValue.from(List.of("location", "unit")))
                .build();
        return ask("What is the weather in Paris and in Tokyo?")
                .addFunctionTool(FunctionDefinition.builder().name("get_weather")
                        .description("Current weather at a location").parameters(parameters).build())
                .parallelToolCalls(true)
                .build();
    }

    private static List<ChatCompletionMessageFunctionToolCall> functionCalls(ChatCompletion completion) {
        return completion.choices().get(0).message().toolCalls().orElseThrow().stream()
                .map(ChatCompletionMessageToolCall::asFunction).toList();
    }

    @Test
    void a_completion_reaches_the_sdk_with_its_content_and_finish_reason() {
        stub("/v1/chat/completions", 200, "application/json", "chat-completion.json");

        ChatCompletion completion = client.chat().completions().create(ask("What is the capital of France?").build());

        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.message().content()).hasValue("The capital of France is Paris.");
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(completion.systemFingerprint()).hasValue("fp_06737a9306");
    }

    @Test
    void a_completions_usage_reaches_the_sdk_with_its_cached_tokens() {
        stub("/v1/chat/completions", 200, "application/json", "chat-completion.json");

        CompletionUsage usage = client.chat().completions().create(ask("What is the capital of France?").build())
                .usage().orElseThrow();

        assertThat(usage.promptTokens()).isEqualTo(2006);
        assertThat(usage.completionTokens()).isEqualTo(10);
        assertThat(usage.totalTokens()).isEqualTo(2016);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(1920L);
        assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).hasValue(0L);
    }

    @Test
    void the_gateways_cost_reaches_the_sdk_as_an_extra_usage_property() {
        stub("/v1/chat/completions", 200, "application/json", "chat-completion.json");

        CompletionUsage usage = client.chat().completions().create(ask("What is the capital of France?").build())
                .usage().orElseThrow();

        // 86 uncached x $0.15/M + 1920 cached x $0.075/M + 10 output x $0.60/M
        JsonValue cost = usage._additionalProperties().get("cost_usd");
        assertThat(cost).isNotNull();
        assertThat(new BigDecimal(cost.toString())).isEqualByComparingTo("0.0001629");
    }

    @Test
    void parallel_tool_calls_are_parsed_by_the_sdk_into_named_calls_with_their_arguments() {
        stub("/v1/chat/completions", 200, "application/json", "chat-completion-tool-calls.json");

        ChatCompletion completion = client.chat().completions().create(weatherInParisAndTokyo());

        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(completion.choices().get(0).message().content()).isEmpty();
        List<ChatCompletionMessageFunctionToolCall> calls = functionCalls(completion);
        assertThat(calls).extracting(ChatCompletionMessageFunctionToolCall::id)
                .containsExactly("call_9pw1qnYScqvGrCH58HWCvFH6", "call_R3nm2Q0jLjV8IdWPp8SEvRlh");
        assertThat(calls).extracting(c -> c.function().name()).containsExactly("get_weather", "get_weather");
        assertThat(calls).extracting(c -> c.function().arguments()).containsExactly(
                "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}",
                "{\"location\":\"Tokyo, Japan\",\"unit\":\"celsius\"}");
    }

    @Test
    void the_sdks_function_tool_reaches_the_upstream_as_sent() throws Exception {
        stub("/v1/chat/completions", 200, "application/json", "chat-completion-tool-calls.json");

        client.chat().completions().create(weatherInParisAndTokyo());

        JsonNode sent = onlyUpstreamBody("/v1/chat/completions");
        assertThat(sent.path("tools")).hasSize(1);
        assertThat(sent.path("tools").path(0).path("type").asText()).isEqualTo("function");
        assertThat(sent.path("tools").path(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(sent.path("tools").path(0).path("function").path("parameters").path("required"))
                .containsExactly(JSON.valueToTree("location"), JSON.valueToTree("unit"));
        assertThat(sent.path("parallel_tool_calls").asBoolean()).isTrue();
    }

    @Test
    void streamed_tool_call_argument_deltas_are_reassembled_by_the_sdks_accumulator() {
        stub("/v1/chat/completions", 200, "text/event-stream", "chat-stream-tool-calls.sse");
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(weatherInParisAndTokyo())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion completion = accumulator.chatCompletion();
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        List<ChatCompletionMessageFunctionToolCall> calls = functionCalls(completion);
        assertThat(calls).extracting(ChatCompletionMessageFunctionToolCall::id)
                .containsExactly("call_9pw1qnYScqvGrCH58HWCvFH6", "call_R3nm2Q0jLjV8IdWPp8SEvRlh");
        assertThat(calls).extracting(c -> c.function().name()).containsExactly("get_weather", "get_weather");
        assertThat(calls).extracting(c -> c.function().arguments()).containsExactly(
                "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}",
                "{\"location\":\"Tokyo, Japan\",\"unit\":\"celsius\"}");
    }

    @Test
    void a_stream_the_sdk_did_not_ask_usage_for_ends_after_the_finish_chunk_without_a_usage_chunk() {
        stub("/v1/chat/completions", 200, "text/event-stream", "chat-stream-tool-calls.sse");
        List<ChatCompletionChunk> chunks = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(weatherInParisAndTokyo())) {
            stream.stream().forEach(chunks::add);
        }

        // The recording has 16 chunks; the 16th is the usage chunk only the gateway asked for.
        assertThat(chunks).hasSize(15);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.usage()).isEmpty());
        assertThat(chunks.get(14).choices().get(0).finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void streamed_text_is_reassembled_by_the_sdks_accumulator() {
        stub("/v1/chat/completions", 200, "text/event-stream", "chat-stream-text.sse");
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(ask("What is the capital of France?").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion completion = accumulator.chatCompletion();
        assertThat(completion.choices().get(0).message().content()).hasValue("The capital of France is Paris.");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void a_stream_with_include_usage_gives_the_sdk_the_usage_chunk() {
        stub("/v1/chat/completions", 200, "text/event-stream", "chat-stream-text.sse");
        List<ChatCompletionChunk> chunks = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ask("What is the capital of France?")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }

        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        CompletionUsage usage = last.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(2006);
        assertThat(usage.completionTokens()).isEqualTo(7);
        assertThat(usage.totalTokens()).isEqualTo(2013);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(1920L);
        // 86 uncached x $0.15/M + 1920 cached x $0.075/M + 7 output x $0.60/M
        assertThat(new BigDecimal(usage._additionalProperties().get("cost_usd").toString()))
                .isEqualByComparingTo("0.0001611");
    }

    @Test
    void a_stream_cut_before_its_end_makes_the_sdk_throw_instead_of_ending_normally() {
        String full = OpenAiUpstream.payload("chat-stream-text.sse");
        String cut = full.substring(0, full.indexOf(" France"));
        upstream.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(cut.substring(0, cut.lastIndexOf("\n\n") + 2))));
        List<ChatCompletionChunk> chunks = new ArrayList<>();

        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                    .createStreaming(ask("What is the capital of France?").build())) {
                stream.stream().forEach(chunks::add);
            }
        }).isInstanceOf(SseException.class).hasMessageContaining("ended before the answer was complete");
        assertThat(chunks).hasSize(4);
    }

    @Test
    void the_sdk_asks_for_base64_embeddings_and_the_gateway_passes_that_on() throws Exception {
        stub("/v1/embeddings", 200, "application/json", "embeddings-base64.json");

        client.embeddings().create(EmbeddingCreateParams.builder().model("text-embedding-3-small")
                .inputOfArrayOfStrings(List.of("hello", "world")).dimensions(4).build());

        JsonNode sent = onlyUpstreamBody("/v1/embeddings");
        assertThat(sent.path("encoding_format").asText()).isEqualTo("base64");
        assertThat(sent.path("dimensions").asInt()).isEqualTo(4);
    }

    @Test
    void base64_embeddings_are_decoded_by_the_sdk_into_the_upstreams_floats() {
        stub("/v1/embeddings", 200, "application/json", "embeddings-base64.json");

        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").inputOfArrayOfStrings(List.of("hello", "world")).dimensions(4).build());

        // embeddings-base64.json holds embeddings.json's vectors as little-endian float32, base64-encoded.
        assertThat(response.data()).hasSize(2);
        assertThat(response.data().get(0).embedding()).containsExactly(0.0023064255f, -0.009327292f, -0.0028842222f, 0.016942224f);
        assertThat(response.data().get(1).embedding()).containsExactly(-0.0110502541f, 0.0213442222f, 0.0020121f, -0.0007012f);
        assertThat(response.usage().promptTokens()).isEqualTo(12);
    }

    @Test
    void an_unknown_model_makes_the_sdk_throw_not_found_with_the_gateways_message() {
        assertThatThrownBy(() -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("gpt-9-imaginary").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).hasValue("model_not_found");
                    assertThat(e.getMessage()).contains("The model 'gpt-9-imaginary' does not exist");
                });
        assertThat(upstream.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void an_upstream_400_makes_the_sdk_throw_bad_request_with_the_upstreams_message() {
        stub("/v1/chat/completions", 400, "application/json", "error-invalid-request.json");

        assertThatThrownBy(() -> client.chat().completions().create(ask("hi").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Invalid 'messages[1].content': string too long.");
                    assertThat(e.code()).hasValue("string_above_max_length");
                    assertThat(e.type()).hasValue("invalid_request_error");
                });
    }

    @Test
    void an_upstream_400_keeps_the_param_the_upstream_named() {
        stub("/v1/chat/completions", 400, "application/json", "error-invalid-request.json");

        assertThatThrownBy(() -> client.chat().completions().create(ask("hi").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).hasValue("messages[1].content"));
    }

    @Test
    void a_wrong_api_key_makes_the_sdk_throw_unauthorized_and_nothing_reaches_the_upstream() {
        OpenAIClient stranger = sdk("sk-not-a-gateway-key");
        try {
            assertThatThrownBy(() -> stranger.chat().completions().create(ask("hi").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.code()).hasValue("invalid_api_key");
                    });
        } finally {
            stranger.close();
        }
        assertThat(upstream.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void the_right_api_key_is_accepted_and_the_upstream_sees_only_its_own_key() {
        stub("/v1/chat/completions", 200, "application/json", "chat-completion.json");

        OpenAIClient member = sdk(GATEWAY_KEY);
        try {
            assertThat(member.chat().completions().create(ask("hi").build()).choices()).hasSize(1);
        } finally {
            member.close();
        }
        LoggedRequest sent = upstream.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0);
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer sk-upstream-secret");
    }

    @Test
    void the_gateways_model_list_is_parsed_by_the_sdk() {
        List<Model> models = client.models().list().data();

        assertThat(models).extracting(Model::id).contains("gpt-4o-mini", "text-embedding-3-small");
        assertThat(models).allSatisfy(model -> assertThat(model.ownedBy()).isEqualTo("upstream"));
    }

    @Test
    void a_model_is_retrieved_by_the_sdk_by_its_name() {
        Model model = client.models().retrieve("gpt-4o-mini");

        assertThat(model.id()).isEqualTo("gpt-4o-mini");
        assertThat(model.ownedBy()).isEqualTo("upstream");
    }

    @Test
    void a_provider_qualified_model_is_retrieved_by_the_sdk_by_its_name() {
        // The SDK encodes the path parameter, so the gateway receives /v1/models/upstream%2Fgpt-4o-mini.
        Model model = client.models().retrieve("upstream/gpt-4o-mini");

        assertThat(model.id()).isEqualTo("upstream/gpt-4o-mini");
    }

    private static ChatCompletionCreateParams describeImageAsJsonTwice() {
        ResponseFormatJsonSchema.JsonSchema.Schema schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                        "subject", Map.of("type", "string"),
                        "colors", Map.of("type", "array", "items", Map.of("type", "string")))))
                .putAdditionalProperty("required", JsonValue.from(List.of("subject", "colors")))
                .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                .build();
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("Describe this picture.").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64,iVBORw0KGgo=")
                                        .detail(ChatCompletionContentPartImage.ImageUrl.Detail.LOW).build())
                                .build())))
                .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                        .name("picture").strict(true).schema(schema).build()).build())
                .seed(42)
                .n(2)
                .build();
    }

    @Test
    void json_schema_image_input_seed_and_n_reach_the_upstream() throws Exception {
        stub("/v1/chat/completions", 200, "application/json", "chat-completion-json-schema-n2.json");

        client.chat().completions().create(describeImageAsJsonTwice());

        JsonNode sent = onlyUpstreamBody("/v1/chat/completions");
        JsonNode format = sent.path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("picture");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(format.path("json_schema").path("schema").path("properties").path("colors").path("items").path("type").asText())
                .isEqualTo("string");
        JsonNode image = sent.path("messages").path(0).path("content").path(1);
        assertThat(image.path("type").asText()).isEqualTo("image_url");
        assertThat(image.path("image_url").path("url").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(image.path("image_url").path("detail").asText()).isEqualTo("low");
        assertThat(sent.path("seed").asLong()).isEqualTo(42);
        assertThat(sent.path("n").asInt()).isEqualTo(2);
    }

    @Test
    void both_choices_of_an_n_of_2_answer_reach_the_sdk() {
        stub("/v1/chat/completions", 200, "application/json", "chat-completion-json-schema-n2.json");

        ChatCompletion completion = client.chat().completions().create(describeImageAsJsonTwice());

        assertThat(completion.choices()).extracting(ChatCompletion.Choice::index).containsExactly(0L, 1L);
        assertThat(completion.choices()).extracting(c -> c.message().content().orElseThrow()).containsExactly(
                "{\"subject\":\"a red bicycle\",\"colors\":[\"red\",\"black\"]}",
                "{\"subject\":\"a bicycle leaning on a wall\",\"colors\":[\"red\"]}");
    }
}
