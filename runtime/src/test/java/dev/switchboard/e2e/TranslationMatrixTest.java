package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.ImageBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.SplittingUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One agent conversation through every client protocol and upstream format the gateway joins:
 * the official OpenAI and Anthropic SDKs as clients, an OpenAI-compatible, an Anthropic and a
 * Gemini vendor as upstreams (WireMock, answering in each vendor's real format from
 * {@code wire/matrix/}), each pair both complete and streamed.
 *
 * <p>The conversation: the user sends text and a small PNG with one tool, {@code get_weather(city)};
 * in turn 1 the model calls the tool with {@code {"city":"Paris"}}; in turn 2, whose history holds
 * the call and its result, the model answers in text. Each vendor is stubbed with both answers and
 * tells the turns apart by whether the request carries a tool result. Same-format pairs pass the
 * body through; the other four are translated — the matrix checks that a client cannot tell.
 *
 * <p>WireMock sends each event of a stream in a write of its own. Real providers group several
 * events per write and networks split them anywhere, so the streamed pairs are also served by a
 * {@link SplittingUpstream} (models {@code matrix-*-split}), several conversations per pair.
 *
 * <p>Usage is checked against each vendor's own numbers, converted by the client's convention
 * (OpenAI's prompt tokens include cached ones; Anthropic's input tokens exclude cache reads and
 * writes), and cost against prices computed by hand below. One gateway and the three vendors
 * serve the class; WireMock is reset per test.
 *
 * <p>The class is longer than most because both axes of the matrix are written out here as enums
 * (how each SDK asks and what it reports; how each vendor is stubbed and what it must receive),
 * next to the numbers the tests check, so a failing pair can be read in one place.
 */
class TranslationMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A 1x1 PNG. */
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    private static final String QUESTION = "What is the weather like in the city on this postcard?";
    private static final String TOOL_RESULT = "18°C, sunny";
    private static final String ANSWER = "It is 18°C and sunny in Paris.";
    private static final Map<String, Object> PARIS = Map.of("city", "Paris");
    private static final Map<String, Object> CITY_SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of("city", Map.of("type", "string", "description", "The city's name")),
            "required", List.of("city"));

    private static final Map<Upstream, FakeVendor> vendors = new EnumMap<>(Upstream.class);
    // Closes connections idle for longer than this, as Node and uvicorn do after 5 s: between two
    // tests the gateway's pooled connections are closed under it.
    @RegisterExtension
    static final SplittingUpstream splitting = new SplittingUpstream(Duration.ofMillis(300), TranslationMatrixTest::answerSplit);
    private static RunningGateway gateway;
    private static OpenAIClient openAi;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        for (Upstream upstream : Upstream.values()) {
            vendors.put(upstream, new FakeVendor(upstream.format));
        }
        gateway = RunningGateway.start("providers:\n"
                + vendors.get(Upstream.OPENAI).providerYaml("compat", "sk-compat-upstream")
                + vendors.get(Upstream.ANTHROPIC).providerYaml("claude", "sk-ant-upstream")
                + vendors.get(Upstream.GEMINI).providerYaml("gemini", "gemini-upstream-key")
                + splitting.providerYaml("split-compat", FakeVendor.Format.OPENAI, "sk-compat-upstream")
                + splitting.providerYaml("split-claude", FakeVendor.Format.ANTHROPIC, "sk-ant-upstream")
                + splitting.providerYaml("split-gemini", FakeVendor.Format.GEMINI, "gemini-upstream-key")
                + """
                models:
                  matrix-openai:
                    deployments: [{provider: compat, model: gpt-4o-mini}]
                  matrix-anthropic:
                    deployments: [{provider: claude, model: claude-sonnet-4-5-20250929}]
                  matrix-gemini:
                    deployments: [{provider: gemini, model: gemini-2.5-flash}]
                  matrix-openai-split:
                    deployments: [{provider: split-compat, model: gpt-4o-mini}]
                  matrix-anthropic-split:
                    deployments: [{provider: split-claude, model: claude-sonnet-4-5-20250929}]
                  matrix-gemini-split:
                    deployments: [{provider: split-gemini, model: gemini-2.5-flash}]
                catalog:
                  - id: compat/gpt-4o-mini
                    provider: compat
                    model: gpt-4o-mini
                    mode: chat
                    pricing: {input: "0.15", output: "0.6", cache_read: "0.075"}
                  - id: split-compat/gpt-4o-mini
                    provider: split-compat
                    model: gpt-4o-mini
                    mode: chat
                    pricing: {input: "0.15", output: "0.6", cache_read: "0.075"}
                  - id: anthropic/claude-sonnet-4-5-20250929
                    provider: anthropic
                    model: claude-sonnet-4-5-20250929
                    mode: chat
                    pricing: {input: "3", output: "15", cache_read: "0.3", cache_write: "3.75"}
                  - id: gemini/gemini-2.5-flash
                    provider: gemini
                    model: gemini-2.5-flash
                    mode: chat
                    pricing: {input: "0.3", output: "2.5", cache_read: "0.03"}
                """);
        openAi = OpenAIOkHttpClient.builder().baseUrl(gateway.openAiBaseUrl()).apiKey("sk-any")
                .maxRetries(0).timeout(Duration.ofSeconds(10)).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey("sk-any")
                .maxRetries(0).timeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        openAi.close();
        anthropic.close();
        gateway.close();
        vendors.values().forEach(FakeVendor::close);
        splitting.close();
    }

    @BeforeEach
    void resetUpstreams() {
        vendors.values().forEach(vendor -> vendor.server().resetAll());
    }

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Client client : Client.values()) {
            for (Upstream upstream : Upstream.values()) {
                for (Mode mode : Mode.values()) {
                    pairs.add(Arguments.of(client, upstream, mode));
                }
            }
        }
        return pairs.stream();
    }

    enum Mode { COMPLETE, STREAMED }

    // ---- what a client sees, in its own terms ----

    /** A tool call as the client's SDK parsed it. */
    record SeenCall(String id, String name, Map<String, Object> arguments) {
    }

    /**
     * Token counts as the client's SDK reports them, in the client's convention: for OpenAI
     * {@code prompt_tokens}, {@code cached_tokens}, the gateway's {@code cache_write_tokens} and
     * {@code completion_tokens}; for Anthropic {@code input_tokens}, {@code cache_read_input_tokens},
     * {@code cache_creation_input_tokens} and {@code output_tokens}.
     */
    record SeenUsage(long input, long cacheRead, long cacheWrite, long output) {
    }

    /**
     * One turn's answer as the client saw it.
     *
     * @param stop    why the answer ended, in the client's protocol ({@code finish_reason}, {@code stop_reason})
     * @param history what the client sends back as the assistant's turn (the SDK's own message type)
     */
    record Turn(List<SeenCall> calls, String text, String stop, SeenUsage usage, BigDecimal cost, Object history) {
    }

    /**
     * Tokens a vendor reported, in one convention: {@code prompt} counts all prompt tokens, cached
     * and cache-written ones included, and {@code output} includes thinking.
     */
    record VendorUsage(long prompt, long cacheRead, long cacheWrite, long output) {
    }

    enum Client {
        OPENAI("tool_calls", "stop") {
            @Override
            Turn first(String model, Mode mode) {
                return send(ask(model, mode).build(), mode);
            }

            @Override
            Turn second(String model, Mode mode, Turn first) {
                return send(ask(model, mode)
                        .addMessage((ChatCompletionMessage) first.history())
                        .addMessage(ChatCompletionToolMessageParam.builder()
                                .toolCallId(first.calls().get(0).id()).content(TOOL_RESULT).build())
                        .build(), mode);
            }

            @Override
            SeenUsage convention(VendorUsage usage) {
                return new SeenUsage(usage.prompt(), usage.cacheRead(), usage.cacheWrite(), usage.output());
            }

            private ChatCompletionCreateParams.Builder ask(String model, Mode mode) {
                ChatCompletionCreateParams.Builder builder = ChatCompletionCreateParams.builder()
                        .model(model)
                        .addUserMessageOfArrayOfContentParts(List.of(
                                ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text(QUESTION).build()),
                                ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                        .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                                .url("data:image/png;base64," + PNG).build())
                                        .build())))
                        .addFunctionTool(FunctionDefinition.builder().name("get_weather")
                                .description("Current weather in a city")
                                .parameters(FunctionParameters.builder()
                                        .putAllAdditionalProperties(Map.of(
                                                "type", JsonValue.from(CITY_SCHEMA.get("type")),
                                                "properties", JsonValue.from(CITY_SCHEMA.get("properties")),
                                                "required", JsonValue.from(CITY_SCHEMA.get("required"))))
                                        .build())
                                .build());
                if (mode == Mode.STREAMED) {
                    builder.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
                }
                return builder;
            }

            private Turn send(ChatCompletionCreateParams params, Mode mode) {
                ChatCompletion completion;
                CompletionUsage usage;
                if (mode == Mode.COMPLETE) {
                    completion = openAi.chat().completions().create(params);
                    usage = completion.usage().orElseThrow();
                } else {
                    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
                    List<CompletionUsage> usages = new ArrayList<>();
                    try (var stream = openAi.chat().completions().createStreaming(params)) {
                        stream.stream().forEach(chunk -> {
                            accumulator.accumulate(chunk);
                            chunk.usage().ifPresent(usages::add);
                        });
                    }
                    completion = accumulator.chatCompletion();
                    assertThat(usages).as("usage chunks").hasSize(1);
                    usage = usages.get(0);
                }
                ChatCompletionMessage message = completion.choices().get(0).message();
                List<SeenCall> calls = message.toolCalls().orElse(List.of()).stream()
                        .map(ChatCompletionMessageToolCall::asFunction)
                        .map(call -> new SeenCall(call.id(), call.function().name(), parse(call.function().arguments())))
                        .toList();
                JsonValue cacheWrite = usage.promptTokensDetails().map(d -> d._additionalProperties().get("cache_write_tokens")).orElse(null);
                SeenUsage seen = new SeenUsage(usage.promptTokens(),
                        usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(0L),
                        cacheWrite == null ? 0 : Long.parseLong(cacheWrite.toString()), usage.completionTokens());
                JsonValue cost = usage._additionalProperties().get("cost_usd");
                return new Turn(calls, message.content().orElse(""), completion.choices().get(0).finishReason().asString(), seen,
                        cost == null ? null : new BigDecimal(cost.toString()), message);
            }
        },
        ANTHROPIC("tool_use", "end_turn") {
            @Override
            Turn first(String model, Mode mode) {
                return send(ask(model).build(), mode);
            }

            @Override
            Turn second(String model, Mode mode, Turn first) {
                return send(ask(model)
                        .addMessage((Message) first.history())
                        .addUserMessageOfBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                                .toolUseId(first.calls().get(0).id()).content(TOOL_RESULT).build())))
                        .build(), mode);
            }

            @Override
            SeenUsage convention(VendorUsage usage) {
                return new SeenUsage(usage.prompt() - usage.cacheRead() - usage.cacheWrite(), usage.cacheRead(),
                        usage.cacheWrite(), usage.output());
            }

            private MessageCreateParams.Builder ask(String model) {
                return MessageCreateParams.builder()
                        .model(model)
                        .maxTokens(1024)
                        .addUserMessageOfBlockParams(List.of(
                                ContentBlockParam.ofText(TextBlockParam.builder().text(QUESTION).build()),
                                ContentBlockParam.ofImage(ImageBlockParam.builder().source(Base64ImageSource.builder()
                                        .mediaType(Base64ImageSource.MediaType.IMAGE_PNG).data(PNG).build()).build())))
                        .addTool(Tool.builder().name("get_weather").description("Current weather in a city")
                                .inputSchema(Tool.InputSchema.builder()
                                        .properties(com.anthropic.core.JsonValue.from(CITY_SCHEMA.get("properties")))
                                        .putAdditionalProperty("required", com.anthropic.core.JsonValue.from(CITY_SCHEMA.get("required")))
                                        .build())
                                .build());
            }

            private Turn send(MessageCreateParams params, Mode mode) {
                Message message;
                Map<String, com.anthropic.core.JsonValue> usageExtras;
                if (mode == Mode.COMPLETE) {
                    message = anthropic.messages().create(params);
                    usageExtras = message.usage()._additionalProperties();
                } else {
                    MessageAccumulator accumulator = MessageAccumulator.create();
                    List<RawMessageStreamEvent> deltas = new ArrayList<>();
                    try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
                        stream.stream().forEach(event -> {
                            accumulator.accumulate(event);
                            if (event.isMessageDelta()) {
                                deltas.add(event);
                            }
                        });
                    }
                    message = accumulator.message();
                    assertThat(deltas).as("message_delta events").hasSize(1);
                    usageExtras = deltas.get(0).asMessageDelta().usage()._additionalProperties();
                }
                List<SeenCall> calls = message.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse)
                        .map(use -> new SeenCall(use.id(), use.name(), input(use)))
                        .toList();
                String text = String.join("", message.content().stream().filter(ContentBlock::isText).map(b -> b.asText().text()).toList());
                SeenUsage seen = new SeenUsage(message.usage().inputTokens(), message.usage().cacheReadInputTokens().orElse(0L),
                        message.usage().cacheCreationInputTokens().orElse(0L), message.usage().outputTokens());
                com.anthropic.core.JsonValue cost = usageExtras.get("cost_usd");
                return new Turn(calls, text, message.stopReason().map(Object::toString).orElse(null), seen,
                        cost == null ? null : new BigDecimal(cost.toString()), message);
            }
        };

        /** The stop reason of turn 1 (a tool call) and of turn 2 (text), in this client's protocol. */
        final String callStop;
        final String answerStop;

        Client(String callStop, String answerStop) {
            this.callStop = callStop;
            this.answerStop = answerStop;
        }

        /** Turn 1: the question with the picture and the tool. */
        abstract Turn first(String model, Mode mode);

        /** Turn 2: turn 1 again, the model's tool call, and the tool's result. */
        abstract Turn second(String model, Mode mode, Turn first);

        /** A vendor's usage in the numbers this client's protocol reports. */
        abstract SeenUsage convention(VendorUsage usage);
    }

    // ---- the vendors behind the gateway ----

    enum Upstream {
        OPENAI(FakeVendor.Format.OPENAI, "matrix-openai", "openai",
                // openai-weather-call: prompt_tokens 412, cached 0, completion 17
                new VendorUsage(412, 0, 0, 17),
                // openai-weather-answer: prompt_tokens 1460 of which cached 1280, completion 12
                new VendorUsage(1460, 1280, 0, 12),
                // 412 x $0.15/M + 17 x $0.60/M = 61.8 + 10.2 micro-dollars
                "0.000072",
                // 180 uncached x $0.15/M + 1280 cached x $0.075/M + 12 x $0.60/M = 27 + 96 + 7.2 micro-dollars
                "0.0001302") {
            @Override
            String path(Mode mode) {
                return "/v1/chat/completions";
            }

            @Override
            String toolResultPath() {
                return "$.messages[?(@.role == 'tool')]";
            }

            @Override
            void assertImage(JsonNode sent) {
                JsonNode image = find(sent.path("messages").path(0).path("content"), p -> p.path("type").asText().equals("image_url"));
                assertThat(image.path("image_url").path("url").asText()).isEqualTo("data:image/png;base64," + PNG);
            }

            @Override
            void assertToolResult(JsonNode sent) {
                JsonNode call = find(sent.path("messages"), m -> m.has("tool_calls")).path("tool_calls").path(0);
                assertThat(call.path("id").asText()).isEqualTo("call_4fJ9sT2kLmQ8vWx1Yz3bN7pR");
                assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
                JsonNode result = find(sent.path("messages"), m -> m.path("role").asText().equals("tool"));
                assertThat(result.path("tool_call_id").asText()).isEqualTo("call_4fJ9sT2kLmQ8vWx1Yz3bN7pR");
                assertThat(text(result.path("content"))).isEqualTo(TOOL_RESULT);
            }
        },
        ANTHROPIC(FakeVendor.Format.ANTHROPIC, "matrix-anthropic", "anthropic",
                // anthropic-weather-call: input_tokens 398, no cache, output_tokens 54
                new VendorUsage(398, 0, 0, 54),
                // anthropic-weather-answer: input_tokens 36 + cache_read 1024 + cache_creation 512; output 21
                new VendorUsage(1572, 1024, 512, 21),
                // 398 x $3/M + 54 x $15/M = 1194 + 810 micro-dollars
                "0.002004",
                // 36 x $3/M + 1024 x $0.30/M + 512 x $3.75/M + 21 x $15/M = 108 + 307.2 + 1920 + 315 micro-dollars
                "0.0026502") {
            @Override
            String path(Mode mode) {
                return "/v1/messages";
            }

            @Override
            String toolResultPath() {
                return "$.messages[*].content[?(@.type == 'tool_result')]";
            }

            @Override
            void assertImage(JsonNode sent) {
                JsonNode image = find(sent.path("messages").path(0).path("content"), p -> p.path("type").asText().equals("image"));
                assertThat(image.path("source").path("type").asText()).isEqualTo("base64");
                assertThat(image.path("source").path("media_type").asText()).isEqualTo("image/png");
                assertThat(image.path("source").path("data").asText()).isEqualTo(PNG);
            }

            @Override
            void assertToolResult(JsonNode sent) {
                JsonNode assistant = find(sent.path("messages"), m -> m.path("role").asText().equals("assistant"));
                JsonNode use = find(assistant.path("content"), b -> b.path("type").asText().equals("tool_use"));
                assertThat(use.path("id").asText()).isEqualTo("toolu_01Ve8LcKMxqH6yZn3WpTa9sB");
                assertThat(use.path("name").asText()).isEqualTo("get_weather");
                JsonNode last = sent.path("messages").path(sent.path("messages").size() - 1);
                JsonNode result = find(last.path("content"), b -> b.path("type").asText().equals("tool_result"));
                assertThat(result.path("tool_use_id").asText()).isEqualTo("toolu_01Ve8LcKMxqH6yZn3WpTa9sB");
                assertThat(text(result.path("content"))).isEqualTo(TOOL_RESULT);
            }
        },
        GEMINI(FakeVendor.Format.GEMINI, "matrix-gemini", "gemini",
                // gemini-weather-call: promptTokenCount 301; candidatesTokenCount 15 + thoughtsTokenCount 40
                new VendorUsage(301, 0, 0, 55),
                // gemini-weather-answer: promptTokenCount 1350 of which cachedContentTokenCount 1024; 12 + 30 thoughts
                new VendorUsage(1350, 1024, 0, 42),
                // 301 x $0.30/M + 55 x $2.50/M = 90.3 + 137.5 micro-dollars
                "0.0002278",
                // 326 uncached x $0.30/M + 1024 cached x $0.03/M + 42 x $2.50/M = 97.8 + 30.72 + 105 micro-dollars
                "0.00023352") {
            @Override
            String path(Mode mode) {
                return "/v1beta/models/gemini-2.5-flash:" + (mode == Mode.STREAMED ? "streamGenerateContent" : "generateContent");
            }

            @Override
            String toolResultPath() {
                return "$.contents[*].parts[?(@.functionResponse)]";
            }

            @Override
            void assertImage(JsonNode sent) {
                JsonNode image = find(sent.path("contents").path(0).path("parts"), p -> p.has("inlineData"));
                assertThat(image.path("inlineData").path("mimeType").asText()).isEqualTo("image/png");
                assertThat(image.path("inlineData").path("data").asText()).isEqualTo(PNG);
            }

            @Override
            void assertToolResult(JsonNode sent) {
                JsonNode model = find(sent.path("contents"), c -> c.path("role").asText().equals("model"));
                JsonNode call = find(model.path("parts"), p -> p.has("functionCall")).path("functionCall");
                assertThat(call.path("name").asText()).isEqualTo("get_weather");
                JsonNode response = find(sent.path("contents").path(sent.path("contents").size() - 1).path("parts"),
                        p -> p.has("functionResponse")).path("functionResponse");
                // Gemini pairs results with calls by the function's name; the client only sent the call's id.
                assertThat(response.path("name").asText()).isEqualTo("get_weather");
                assertThat(response.path("response").path("result").asText()).isEqualTo(TOOL_RESULT);
            }
        };

        final FakeVendor.Format format;
        final String model;
        final String payloads;
        final VendorUsage callUsage;
        final VendorUsage answerUsage;
        final String callCost;
        final String answerCost;

        Upstream(FakeVendor.Format format, String model, String payloads, VendorUsage callUsage, VendorUsage answerUsage,
                 String callCost, String answerCost) {
            this.format = format;
            this.model = model;
            this.payloads = payloads;
            this.callUsage = callUsage;
            this.answerUsage = answerUsage;
            this.callCost = callCost;
            this.answerCost = answerCost;
        }

        /** Where the gateway calls this vendor. */
        abstract String path(Mode mode);

        /** The model whose deployment is this vendor behind the {@link SplittingUpstream}. */
        String splitModel() {
            return model + "-split";
        }

        /** A JSON path that matches only a request carrying a tool result: turn 2. */
        abstract String toolResultPath();

        /** The picture is in the request, in this vendor's own form. */
        abstract void assertImage(JsonNode sent);

        /** The tool call and its result are in the history, in this vendor's own form. */
        abstract void assertToolResult(JsonNode sent);

        /** Stubs turn 1 (the tool call) and, for requests with a tool result, turn 2 (the text answer). */
        void stub(Mode mode) {
            String type = mode == Mode.STREAMED ? "text/event-stream" : "application/json";
            String ext = mode == Mode.STREAMED ? ".sse" : ".json";
            vendors.get(this).server().stubFor(post(urlPathEqualTo(path(mode))).atPriority(5)
                    .willReturn(aResponse().withHeader("Content-Type", type).withBody(payload(payloads + "-weather-call" + ext))));
            vendors.get(this).server().stubFor(post(urlPathEqualTo(path(mode))).atPriority(1)
                    .withRequestBody(matchingJsonPath(toolResultPath()))
                    .willReturn(aResponse().withHeader("Content-Type", type).withBody(payload(payloads + "-weather-answer" + ext))));
        }

        /** The bodies this vendor received, in order. */
        List<JsonNode> received() {
            List<LoggedRequest> requests = vendors.get(this).server().findAll(anyRequestedFor(anyUrl()));
            return requests.stream().map(r -> {
                try {
                    return JSON.readTree(r.getBodyAsString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** The {@link SplittingUpstream}'s answer, as {@link Upstream#stub} has WireMock give it: turn 2 when the request carries a tool result. */
    private static SplittingUpstream.Reply answerSplit(SplittingUpstream.Request request) {
        String path = request.target().split("\\?")[0];
        for (Upstream upstream : Upstream.values()) {
            if (upstream.path(Mode.STREAMED).equals(path)) {
                boolean toolResult = matchingJsonPath(upstream.toolResultPath()).match(request.bodyText()).isExactMatch();
                return SplittingUpstream.Reply.stream(payload(upstream.payloads + "-weather-" + (toolResult ? "answer" : "call") + ".sse"));
            }
        }
        throw new AssertionError("no vendor at " + request.target());
    }

    // ---- helpers ----

    private static String payload(String name) {
        try (InputStream in = TranslationMatrixTest.class.getResourceAsStream("/wire/matrix/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload wire/matrix/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new AssertionError("not a JSON object: " + json, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(com.anthropic.models.messages.ToolUseBlock use) {
        return use._input().convert(Map.class);
    }

    /** The first element of {@code array} that {@code test} accepts; fails the test when none does. */
    private static JsonNode find(JsonNode array, Predicate<JsonNode> test) {
        return StreamSupport.stream(array.spliterator(), false).filter(test).findFirst()
                .orElseThrow(() -> new AssertionError("nothing matching in " + array));
    }

    /** Tool result content as text: a string, or the text of its text parts. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        return String.join("", StreamSupport.stream(content.spliterator(), false).map(p -> p.path("text").asText()).toList());
    }

    private record Conversation(Turn first, Turn second) {
    }

    private static Conversation converse(Client client, Upstream upstream, Mode mode) {
        upstream.stub(mode);
        Turn first = client.first(upstream.model, mode);
        return new Conversation(first, client.second(upstream.model, mode, first));
    }

    // ---- the matrix ----

    @ParameterizedTest(name = "{0} client, {1} upstream, {2}")
    @MethodSource("pairs")
    void the_client_sees_the_models_tool_call_with_its_arguments(Client client, Upstream upstream, Mode mode) {
        upstream.stub(mode);

        Turn first = client.first(upstream.model, mode);

        assertThat(first.calls()).hasSize(1);
        assertThat(first.calls().get(0).name()).isEqualTo("get_weather");
        assertThat(first.calls().get(0).arguments()).isEqualTo(PARIS);
        assertThat(first.calls().get(0).id()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} client, {1} upstream, {2}")
    @MethodSource("pairs")
    void the_client_sees_the_final_text_after_sending_the_tool_result(Client client, Upstream upstream, Mode mode) {
        Turn second = converse(client, upstream, mode).second();

        assertThat(second.text()).isEqualTo(ANSWER);
        assertThat(second.calls()).isEmpty();
    }

    @ParameterizedTest(name = "{0} client, {1} upstream, {2}")
    @MethodSource("pairs")
    void the_client_sees_the_vendors_usage_in_its_own_convention(Client client, Upstream upstream, Mode mode) {
        Conversation conversation = converse(client, upstream, mode);

        assertThat(conversation.first().usage()).as("turn 1").isEqualTo(client.convention(upstream.callUsage));
        assertThat(conversation.second().usage()).as("turn 2").isEqualTo(client.convention(upstream.answerUsage));
    }

    @ParameterizedTest(name = "{0} client, {1} upstream, {2}")
    @MethodSource("pairs")
    void the_client_sees_the_cost_priced_from_the_vendors_numbers(Client client, Upstream upstream, Mode mode) {
        Conversation conversation = converse(client, upstream, mode);

        assertThat(conversation.first().cost()).as("turn 1").isEqualByComparingTo(upstream.callCost);
        assertThat(conversation.second().cost()).as("turn 2").isEqualByComparingTo(upstream.answerCost);
    }

    static Stream<Arguments> streamedPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Client client : Client.values()) {
            for (Upstream upstream : Upstream.values()) {
                pairs.add(Arguments.of(client, upstream));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("streamedPairs")
    void streams_come_through_whole_however_the_upstream_groups_and_splits_its_events(Client client, Upstream upstream) {
        for (int conversation = 0; conversation < 4; conversation++) {
            Turn first = client.first(upstream.splitModel(), Mode.STREAMED);
            Turn second = client.second(upstream.splitModel(), Mode.STREAMED, first);

            assertThat(first.calls()).as("turn 1 calls").extracting(SeenCall::name, SeenCall::arguments)
                    .containsExactly(tuple("get_weather", PARIS));
            assertThat(first.text()).as("turn 1 text").isEmpty();
            assertThat(first.stop()).as("turn 1 stop").isEqualTo(client.callStop);
            assertThat(first.usage()).as("turn 1 usage").isEqualTo(client.convention(upstream.callUsage));
            assertThat(first.cost()).as("turn 1 cost").isEqualByComparingTo(upstream.callCost);
            assertThat(second.calls()).as("turn 2 calls").isEmpty();
            assertThat(second.text()).as("turn 2 text").isEqualTo(ANSWER);
            assertThat(second.stop()).as("turn 2 stop").isEqualTo(client.answerStop);
            assertThat(second.usage()).as("turn 2 usage").isEqualTo(client.convention(upstream.answerUsage));
            assertThat(second.cost()).as("turn 2 cost").isEqualByComparingTo(upstream.answerCost);
        }
    }

    @ParameterizedTest(name = "{0} client, {1} upstream, {2}")
    @MethodSource("pairs")
    void the_upstream_receives_the_picture_in_its_own_format(Client client, Upstream upstream, Mode mode) {
        upstream.stub(mode);

        client.first(upstream.model, mode);

        assertThat(upstream.received()).hasSize(1);
        upstream.assertImage(upstream.received().get(0));
    }

    @ParameterizedTest(name = "{0} client, {1} upstream, {2}")
    @MethodSource("pairs")
    void the_upstream_receives_the_tool_call_and_its_result_in_its_own_format(Client client, Upstream upstream, Mode mode) {
        converse(client, upstream, mode);

        List<JsonNode> received = upstream.received();
        assertThat(received).hasSize(2);
        upstream.assertToolResult(received.get(1));
    }
}
