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
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.switchboard.testing.CollectedStream;
import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.testing.RunningGateway;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's OpenAI chat models talking to a running gateway, which talks to a WireMock
 * upstream serving OpenAI's recorded wire format. One upstream, one gateway and one pair of models
 * serve the class; stubs and the request journal are reset per test.
 *
 * <p>Streaming handlers run on LangChain4j's own threads, so each test waits on a future for the
 * complete response with a bound instead of sleeping.
 */
class LangChain4jOpenAiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String TOOL_CALL_ARGUMENTS_PARIS = "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}";
    private static final String TOOL_CALL_ARGUMENTS_TOKYO = "{\"location\":\"Tokyo, Japan\",\"unit\":\"celsius\"}";

    private static OpenAiUpstream upstream;
    private static RunningGateway gateway;
    private static OpenAiChatModel chatModel;
    private static OpenAiStreamingChatModel streamingModel;

    @BeforeAll
    static void start() {
        upstream = new OpenAiUpstream();
        gateway = RunningGateway.start(upstream.config("gpt-4o-mini"));
        chatModel = OpenAiChatModel.builder()
                .baseUrl(gateway.openAiBaseUrl())
                .apiKey("sk-any")
                .modelName("gpt-4o-mini")
                .maxRetries(0)
                .timeout(TIMEOUT)
                .build();
        streamingModel = OpenAiStreamingChatModel.builder()
                .baseUrl(gateway.openAiBaseUrl())
                .apiKey("sk-any")
                .modelName("gpt-4o-mini")
                .timeout(TIMEOUT)
                .build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void resetUpstream() {
        upstream.server().resetAll();
    }

    private static void stub(String contentType, String payload) {
        upstream.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", contentType).withBody(OpenAiUpstream.payload(payload))));
    }

    private static JsonNode onlyUpstreamBody() throws Exception {
        List<LoggedRequest> requests = upstream.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(requests).hasSize(1);
        return JSON.readTree(requests.get(0).getBodyAsString());
    }

    private static ChatRequest ask(String question) {
        return ChatRequest.builder().messages(UserMessage.from(question)).build();
    }

    /** The two parallel get_weather calls of the recorded tool-call payloads, as LangChain4j reports them. */
    private static void assertBothRecordedWeatherCalls(ChatResponse response) {
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        List<ToolExecutionRequest> requests = response.aiMessage().toolExecutionRequests();
        assertThat(requests).extracting(ToolExecutionRequest::id)
                .containsExactly("call_9pw1qnYScqvGrCH58HWCvFH6", "call_R3nm2Q0jLjV8IdWPp8SEvRlh");
        assertThat(requests).extracting(ToolExecutionRequest::name).containsExactly("get_weather", "get_weather");
        assertThat(requests).extracting(ToolExecutionRequest::arguments)
                .containsExactly(TOOL_CALL_ARGUMENTS_PARIS, TOOL_CALL_ARGUMENTS_TOKYO);
    }

    private static ChatRequest askWithWeatherTool(String question) {
        ToolSpecification weather = ToolSpecification.builder()
                .name("get_weather")
                .description("Current weather at a location")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("location", "City and country, e.g. Paris, France")
                        .addEnumProperty("unit", List.of("celsius", "fahrenheit"))
                        .required("location", "unit")
                        .build())
                .build();
        return ChatRequest.builder().messages(UserMessage.from(question)).toolSpecifications(weather).build();
    }


    private static CollectedStream stream(ChatRequest request) {
        CollectedStream collected = new CollectedStream();
        streamingModel.chat(request, collected);
        return collected;
    }

    @Test
    void a_chat_answer_reaches_langchain4j_with_its_text_and_finish_reason() {
        stub("application/json", "chat-completion.json");

        ChatResponse response = chatModel.chat(ask("What is the capital of France?"));

        assertThat(response.aiMessage().text()).isEqualTo("The capital of France is Paris.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
    }

    @Test
    void a_chat_answers_token_usage_reaches_langchain4j_with_its_cached_tokens() {
        stub("application/json", "chat-completion.json");

        TokenUsage usage = chatModel.chat(ask("What is the capital of France?")).tokenUsage();

        assertThat(usage.inputTokenCount()).isEqualTo(2006);
        assertThat(usage.outputTokenCount()).isEqualTo(10);
        assertThat(usage.totalTokenCount()).isEqualTo(2016);
        assertThat(usage).isInstanceOfSatisfying(OpenAiTokenUsage.class,
                openAi -> assertThat(openAi.inputTokensDetails().cachedTokens()).isEqualTo(1920));
    }

    @Test
    void a_tool_specification_reaches_the_upstream_as_an_openai_function_tool() throws Exception {
        stub("application/json", "chat-completion-tool-calls.json");

        chatModel.chat(askWithWeatherTool("What is the weather in Paris and in Tokyo?"));

        JsonNode tool = onlyUpstreamBody().path("tools").path(0);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("function").path("parameters").path("properties").path("unit").path("enum"))
                .containsExactly(JSON.valueToTree("celsius"), JSON.valueToTree("fahrenheit"));
    }

    @Test
    void parallel_tool_calls_become_langchain4j_tool_execution_requests() {
        stub("application/json", "chat-completion-tool-calls.json");

        ChatResponse response = chatModel.chat(askWithWeatherTool("What is the weather in Paris and in Tokyo?"));

        assertBothRecordedWeatherCalls(response);
    }

    @Test
    void streamed_text_arrives_in_langchain4j_partial_responses_in_order() throws Exception {
        stub("text/event-stream", "chat-stream-text.sse");

        CollectedStream collected = stream(ask("What is the capital of France?"));
        collected.complete(TIMEOUT);

        assertThat(String.join("", collected.partials())).isEqualTo("The capital of France is Paris.");
        assertThat(collected.partials()).containsSubsequence("The", " capital", " of", " France", " is", " Paris", ".");
    }

    @Test
    void a_streamed_answers_complete_response_has_the_full_text_and_token_usage() throws Exception {
        stub("text/event-stream", "chat-stream-text.sse");

        ChatResponse response = stream(ask("What is the capital of France?")).complete(TIMEOUT);

        assertThat(response.aiMessage().text()).isEqualTo("The capital of France is Paris.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(2006);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(7);
        assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(2013);
    }

    @Test
    void langchain4j_asks_for_stream_usage_itself_and_the_gateway_passes_the_request_on_unchanged() throws Exception {
        stub("text/event-stream", "chat-stream-text.sse");

        stream(ask("What is the capital of France?")).complete(TIMEOUT);

        JsonNode sent = onlyUpstreamBody();
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
    }

    // LangChain4j 1.18.1 (StreamingRequestExecutor) treats only events named "error" as errors; the
    // gateway sends its truncation error as a bare data event, which LangChain4j parses as an empty
    // chunk before calling onCompleteResponse with the partial text "The capital of".
    @Test
    void a_stream_cut_before_its_end_reaches_langchain4j_as_an_error_not_a_complete_response() {
        String full = OpenAiUpstream.payload("chat-stream-text.sse");
        String cut = full.substring(0, full.indexOf(" France"));
        upstream.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(cut.substring(0, cut.lastIndexOf("\n\n") + 2))));

        CollectedStream collected = stream(ask("What is the capital of France?"));

        assertThatThrownBy(() -> collected.complete(TIMEOUT)).hasStackTraceContaining("ended before the answer was complete");
    }

    @Test
    void streamed_tool_calls_are_reassembled_into_tool_execution_requests() throws Exception {
        stub("text/event-stream", "chat-stream-tool-calls.sse");

        ChatResponse response = stream(askWithWeatherTool("What is the weather in Paris and in Tokyo?")).complete(TIMEOUT);

        assertBothRecordedWeatherCalls(response);
    }

    @Test
    void each_streamed_tool_call_is_announced_complete_with_its_index() throws Exception {
        stub("text/event-stream", "chat-stream-tool-calls.sse");

        CollectedStream collected = stream(askWithWeatherTool("What is the weather in Paris and in Tokyo?"));
        collected.complete(TIMEOUT);

        assertThat(collected.toolCalls()).extracting(CompleteToolCall::index).containsExactly(0, 1);
        assertThat(collected.toolCalls()).extracting(c -> c.toolExecutionRequest().arguments())
                .containsExactly(TOOL_CALL_ARGUMENTS_PARIS, TOOL_CALL_ARGUMENTS_TOKYO);
    }
}
