package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.switchboard.testing.CollectedStream;
import dev.switchboard.testing.AnthropicWire;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.testing.RunningGateway;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * LangChain4j's Anthropic chat models talking to a running gateway's {@code /v1/messages}, once
 * per kind of upstream: an Anthropic vendor (the body passes through) and an OpenAI-compatible one
 * (the gateway translates). Both are WireMock servers answering with recorded payloads; each test
 * runs against both, and what LangChain4j makes of the answer must be the same kind of thing.
 *
 * <p>One gateway, both vendors and one pair of models per vendor serve the class; stubs and
 * journals are reset per test. Streaming handlers run on LangChain4j's threads, so tests wait on
 * a future with a bound instead of sleeping.
 */
class LangChain4jAnthropicTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The upstream behind the model LangChain4j asks for, with its recorded answers and their numbers. */
    enum Upstream {
        ANTHROPIC("claude-sonnet-4-5", "/v1/messages", "Paris is the capital of France. It has been the country's capital since 987, apart from a few interruptions.",
                // message-text.json: input_tokens 21, cache_read 4096, cache_creation 1536, output 31
                new Usage(21, 4096, 1536, 31),
                "Hello! How can I help you today?",
                // stream-text.sse: message_start input_tokens 472, cache_read 2048; message_delta output 12
                new Usage(472, 2048, 0, 12),
                List.of(Map.of("location", "San Francisco, CA", "unit", "celsius"), Map.of("location", "New York, NY", "unit", "celsius"))) {
            @Override
            String payload(Answer answer) {
                return switch (answer) {
                    case TEXT -> AnthropicWire.payload("message-text.json");
                    case TOOL_CALLS -> AnthropicWire.payload("message-tool-use.json");
                    case STREAM -> AnthropicWire.payload("stream-text.sse");
                };
            }

            @Override
            String toolName(JsonNode sent) {
                return sent.path("tools").path(0).path("name").asText();
            }
        },
        OPENAI("gpt-4o-mini", "/v1/chat/completions", "The capital of France is Paris.",
                // chat-completion.json: prompt_tokens 2006 of which cached 1920, completion 10
                new Usage(86, 1920, 0, 10),
                "The capital of France is Paris.",
                // chat-stream-text.sse's usage chunk: prompt_tokens 2006 of which cached 1920, completion 7
                new Usage(86, 1920, 0, 7),
                List.of(Map.of("location", "Paris, France", "unit", "celsius"), Map.of("location", "Tokyo, Japan", "unit", "celsius"))) {
            @Override
            String payload(Answer answer) {
                return switch (answer) {
                    case TEXT -> OpenAiUpstream.payload("chat-completion.json");
                    case TOOL_CALLS -> OpenAiUpstream.payload("chat-completion-tool-calls.json");
                    case STREAM -> OpenAiUpstream.payload("chat-stream-text.sse");
                };
            }

            @Override
            String toolName(JsonNode sent) {
                return sent.path("tools").path(0).path("function").path("name").asText();
            }
        };

        final String model;
        final String path;
        final String text;
        final Usage usage;
        final String streamedText;
        final Usage streamedUsage;
        final List<Map<String, String>> toolArguments;

        Upstream(String model, String path, String text, Usage usage, String streamedText, Usage streamedUsage,
                 List<Map<String, String>> toolArguments) {
            this.model = model;
            this.path = path;
            this.text = text;
            this.usage = usage;
            this.streamedText = streamedText;
            this.streamedUsage = streamedUsage;
            this.toolArguments = toolArguments;
        }

        abstract String payload(Answer answer);

        /** The name of the first tool in a request as this vendor spells it. */
        abstract String toolName(JsonNode sent);
    }

    enum Answer { TEXT, TOOL_CALLS, STREAM }

    /** Token counts in Anthropic's convention: input excludes cache reads and writes. */
    record Usage(int input, int cacheRead, int cacheWrite, int output) {
    }

    private static final Map<Upstream, FakeVendor> vendors = new EnumMap<>(Upstream.class);
    private static final Map<Upstream, AnthropicChatModel> chatModels = new EnumMap<>(Upstream.class);
    private static final Map<Upstream, AnthropicStreamingChatModel> streamingModels = new EnumMap<>(Upstream.class);
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        vendors.put(Upstream.ANTHROPIC, new FakeVendor(FakeVendor.Format.ANTHROPIC));
        vendors.put(Upstream.OPENAI, new FakeVendor(FakeVendor.Format.OPENAI));
        gateway = RunningGateway.start("providers:\n"
                + vendors.get(Upstream.ANTHROPIC).providerYaml("claude", "sk-ant-upstream-secret")
                + vendors.get(Upstream.OPENAI).providerYaml("compat", "sk-compat-upstream-secret")
                + """
                models:
                  claude-sonnet-4-5:
                    deployments: [{provider: claude, model: claude-sonnet-4-5-20250929}]
                  gpt-4o-mini:
                    deployments: [{provider: compat, model: gpt-4o-mini}]
                """);
        // LangChain4j appends "messages" to its base URL, so it takes the gateway's /v1/.
        String baseUrl = gateway.baseUrl() + "/v1/";
        for (Upstream upstream : Upstream.values()) {
            chatModels.put(upstream, AnthropicChatModel.builder().baseUrl(baseUrl).apiKey("sk-any")
                    .modelName(upstream.model).maxTokens(1024).maxRetries(0).timeout(TIMEOUT).build());
            streamingModels.put(upstream, AnthropicStreamingChatModel.builder().baseUrl(baseUrl).apiKey("sk-any")
                    .modelName(upstream.model).maxTokens(1024).timeout(TIMEOUT).build());
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
        vendors.values().forEach(FakeVendor::close);
    }

    @BeforeEach
    void resetUpstreams() {
        vendors.values().forEach(vendor -> vendor.server().resetAll());
    }

    private static void stub(Upstream upstream, String body) {
        boolean stream = body.startsWith("event:") || body.startsWith("data:");
        vendors.get(upstream).server().stubFor(post(upstream.path).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", stream ? "text/event-stream" : "application/json").withBody(body)));
    }

    private static JsonNode onlyUpstreamBody(Upstream upstream) throws Exception {
        List<LoggedRequest> requests = vendors.get(upstream).server().findAll(postRequestedFor(urlEqualTo(upstream.path)));
        assertThat(requests).hasSize(1);
        return JSON.readTree(requests.get(0).getBodyAsString());
    }

    private static ChatRequest ask(String question) {
        return ChatRequest.builder().messages(UserMessage.from(question)).build();
    }

    private static ChatRequest askWithWeatherTool() {
        ToolSpecification weather = ToolSpecification.builder()
                .name("get_weather")
                .description("Current weather at a location")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("location", "City and region, e.g. Paris, France")
                        .addEnumProperty("unit", List.of("celsius", "fahrenheit"))
                        .required("location")
                        .build())
                .build();
        return ChatRequest.builder().messages(UserMessage.from("What is the weather in two cities?")).toolSpecifications(weather).build();
    }

    private static Map<String, String> arguments(ToolExecutionRequest request) {
        try {
            return JSON.readValue(request.arguments(), new TypeReference<>() {
            });
        } catch (Exception e) {
            throw new AssertionError("tool arguments are not a JSON object: " + request.arguments(), e);
        }
    }


    private static CollectedStream stream(Upstream upstream, ChatRequest request) {
        CollectedStream collected = new CollectedStream();
        streamingModels.get(upstream).chat(request, collected);
        return collected;
    }

    @ParameterizedTest
    @EnumSource(Upstream.class)
    void a_chat_answer_reaches_langchain4j_with_its_text_and_finish_reason(Upstream upstream) {
        stub(upstream, upstream.payload(Answer.TEXT));

        ChatResponse response = chatModels.get(upstream).chat(ask("What is the capital of France?"));

        assertThat(response.aiMessage().text()).isEqualTo(upstream.text);
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @ParameterizedTest
    @EnumSource(Upstream.class)
    void a_chat_answers_token_usage_reaches_langchain4j_in_anthropics_convention(Upstream upstream) {
        stub(upstream, upstream.payload(Answer.TEXT));

        ChatResponse response = chatModels.get(upstream).chat(ask("What is the capital of France?"));

        assertThat(response.tokenUsage()).isInstanceOfSatisfying(AnthropicTokenUsage.class, usage -> {
            assertThat(usage.inputTokenCount()).isEqualTo(upstream.usage.input());
            assertThat(usage.cacheReadInputTokens()).isEqualTo(upstream.usage.cacheRead());
            assertThat(usage.cacheCreationInputTokens()).isEqualTo(upstream.usage.cacheWrite());
            assertThat(usage.outputTokenCount()).isEqualTo(upstream.usage.output());
        });
    }

    @ParameterizedTest
    @EnumSource(Upstream.class)
    void a_tool_specification_reaches_the_upstream_in_its_own_format(Upstream upstream) throws Exception {
        stub(upstream, upstream.payload(Answer.TOOL_CALLS));

        chatModels.get(upstream).chat(askWithWeatherTool());

        assertThat(upstream.toolName(onlyUpstreamBody(upstream))).isEqualTo("get_weather");
    }

    @ParameterizedTest
    @EnumSource(Upstream.class)
    void tool_calls_become_langchain4j_tool_execution_requests(Upstream upstream) {
        stub(upstream, upstream.payload(Answer.TOOL_CALLS));

        ChatResponse response = chatModels.get(upstream).chat(askWithWeatherTool());

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        List<ToolExecutionRequest> requests = response.aiMessage().toolExecutionRequests();
        assertThat(requests).extracting(ToolExecutionRequest::name).containsExactly("get_weather", "get_weather");
        assertThat(requests).extracting(LangChain4jAnthropicTest::arguments).containsExactlyElementsOf(upstream.toolArguments);
        assertThat(requests).allSatisfy(request -> assertThat(request.id()).isNotBlank());
    }

    @ParameterizedTest
    @EnumSource(Upstream.class)
    void a_streamed_answers_complete_response_has_the_full_text_and_token_usage(Upstream upstream) throws Exception {
        stub(upstream, upstream.payload(Answer.STREAM));

        CollectedStream collected = stream(upstream, ask("What is the capital of France?"));
        ChatResponse response = collected.complete(TIMEOUT);

        assertThat(response.aiMessage().text()).isEqualTo(upstream.streamedText);
        assertThat(String.join("", collected.partials())).isEqualTo(upstream.streamedText);
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(upstream.streamedUsage.input());
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(upstream.streamedUsage.output());
    }

    @ParameterizedTest
    @EnumSource(Upstream.class)
    void a_stream_cut_before_its_end_reaches_langchain4j_as_an_error_not_a_complete_response(Upstream upstream) {
        String full = upstream.payload(Answer.STREAM);
        // Everything up to the event holding the word "help" (Anthropic) or " France" (OpenAI): the answer has begun.
        String cut = full.substring(0, full.indexOf(upstream == Upstream.ANTHROPIC ? " help" : " France"));
        stub(upstream, cut.substring(0, cut.lastIndexOf("\n\n") + 2));

        CollectedStream collected = stream(upstream, ask("What is the capital of France?"));

        assertThatThrownBy(() -> collected.complete(TIMEOUT)).hasStackTraceContaining("ended before the answer was complete");
    }
}
