package dev.switchboard.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.Document;
import dev.switchboard.chat.ChatRequest.Image;
import dev.switchboard.chat.ChatRequest.Message;
import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.chat.ChatRequest.Reasoning;
import dev.switchboard.chat.ChatRequest.ResponseFormat;
import dev.switchboard.chat.ChatRequest.Role;
import dev.switchboard.chat.ChatRequest.Text;
import dev.switchboard.chat.ChatRequest.Thinking;
import dev.switchboard.chat.ChatRequest.Tool;
import dev.switchboard.chat.ChatRequest.ToolCall;
import dev.switchboard.chat.ChatRequest.ToolChoice;
import dev.switchboard.chat.ChatRequest.ToolResult;
import dev.switchboard.error.GatewayException.InvalidRequest;
import dev.switchboard.testing.AnthropicWire;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicRequestEncodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AnthropicDialect dialect = new AnthropicDialect();

    /** A request with the given messages and everything else at its default. */
    private static Builder request(Message... messages) {
        return new Builder(List.of(messages));
    }

    private static Message user(Part... parts) {
        return new Message(Role.USER, List.of(parts));
    }

    private static Message assistant(Part... parts) {
        return new Message(Role.ASSISTANT, List.of(parts));
    }

    private JsonNode encode(ChatRequest request) throws Exception {
        return JSON.readTree(dialect.encodeRequest(request, "claude-sonnet-4-5"));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void a_plain_chat_request_becomes_the_anthropic_body_with_the_deployment_model() throws Exception {
        ChatRequest request = request(user(Text.of("What is the capital of France?")))
                .system(List.of(Text.of("Answer in one sentence.")))
                .maxTokens(256).temperature(0.2).topP(0.9).stop(List.of("END")).user("u-42").stream(true).build();

        assertThat(encode(request)).isEqualTo(json("""
                {"model":"claude-sonnet-4-5","max_tokens":256,
                 "system":[{"type":"text","text":"Answer in one sentence."}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"What is the capital of France?"}]}],
                 "stop_sequences":["END"],"temperature":0.2,"top_p":0.9,
                 "metadata":{"user_id":"u-42"},"stream":true}"""));
    }

    @Test
    void without_an_output_limit_the_documented_default_max_tokens_is_sent() throws Exception {
        assertThat(encode(request(user(Text.of("hi"))).build()).path("max_tokens").asInt()).isEqualTo(AnthropicDialect.DEFAULT_MAX_TOKENS).isEqualTo(4096);
    }

    @Test
    void consecutive_turns_of_one_role_are_merged_and_tool_results_lead_their_user_turn() throws Exception {
        ChatRequest request = request(
                user(Text.of("Weather in Paris and Rome?")),
                assistant(Text.of(""), new ToolCall("call_1", "get_weather", json("{\"city\":\"Paris\"}"))),
                assistant(new ToolCall("call_2", "get_weather", json("{\"city\":\"Rome\"}"))),
                user(new ToolResult("call_1", "get_weather", List.of(Text.of("18C")), false)),
                user(Text.of("Also, be brief."), new ToolResult("call_2", "get_weather", List.of(Text.of("timeout")), true)))
                .tools(List.of(new Tool("get_weather", "Weather by city", json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"), null)))
                .build();

        assertThat(encode(request).path("messages")).isEqualTo(json("""
                [{"role":"user","content":[{"type":"text","text":"Weather in Paris and Rome?"}]},
                 {"role":"assistant","content":[
                    {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
                    {"type":"tool_use","id":"call_2","name":"get_weather","input":{"city":"Rome"}}]},
                 {"role":"user","content":[
                    {"type":"tool_result","tool_use_id":"call_1","content":[{"type":"text","text":"18C"}]},
                    {"type":"tool_result","tool_use_id":"call_2","content":[{"type":"text","text":"timeout"}],"is_error":true},
                    {"type":"text","text":"Also, be brief."}]}]"""));
    }

    @Test
    void a_turn_left_empty_is_dropped_without_breaking_the_alternation() throws Exception {
        ChatRequest request = request(user(Text.of("a")), assistant(Text.of("")), user(Text.of("b"))).build();

        assertThat(encode(request).path("messages")).isEqualTo(json("""
                [{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]"""));
    }

    @Test
    void tools_and_tool_choice_are_written_with_parallel_calls_disabled_on_request() throws Exception {
        ChatRequest request = request(user(Text.of("x")))
                .tools(List.of(new Tool("ping", null, null, true)))
                .toolChoice(new ToolChoice.Named("ping")).parallelToolCalls(false).build();

        JsonNode body = encode(request);

        assertThat(body.path("tools")).isEqualTo(json("[{\"name\":\"ping\",\"input_schema\":{\"type\":\"object\",\"properties\":{}}}]"));
        assertThat(body.path("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"ping\",\"disable_parallel_tool_use\":true}"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Auto, auto", "Required, any", "None, none"})
    void each_tool_choice_has_its_anthropic_type(String kind, String type) throws Exception {
        ToolChoice choice = switch (kind) {
            case "Auto" -> new ToolChoice.Auto();
            case "Required" -> new ToolChoice.Required();
            default -> new ToolChoice.None();
        };
        ChatRequest request = request(user(Text.of("x"))).tools(List.of(new Tool("f", null, null, null))).toolChoice(choice).build();

        assertThat(encode(request).path("tool_choice")).isEqualTo(json("{\"type\":\"" + type + "\"}"));
    }

    @Test
    void forcing_a_tool_without_tools_is_a_400() {
        ChatRequest request = request(user(Text.of("x"))).toolChoice(new ToolChoice.Required()).build();

        assertThatThrownBy(() -> encode(request)).isInstanceOf(InvalidRequest.class)
                .hasMessage("tool_choice requires a tool to call, but the request has no tools");
    }

    @ParameterizedTest(name = "effort {0} -> budget {1}")
    @CsvSource({"low, 1024", "medium, 4096", "high, 16384"})
    void a_reasoning_effort_becomes_a_thinking_budget_above_which_max_tokens_defaults(String effort, int budget) throws Exception {
        JsonNode body = encode(request(user(Text.of("x"))).reasoning(new Reasoning(effort, null)).build());

        assertThat(body.path("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":" + budget + "}"));
        assertThat(body.path("max_tokens").asInt()).isEqualTo(4096 + budget);
    }

    @Test
    void minimal_effort_and_a_zero_budget_turn_thinking_off() throws Exception {
        assertThat(encode(request(user(Text.of("x"))).reasoning(new Reasoning("minimal", null)).build()).has("thinking")).isFalse();
        assertThat(encode(request(user(Text.of("x"))).reasoning(new Reasoning(null, 0)).build()).has("thinking")).isFalse();
    }

    @Test
    void an_effort_budget_is_capped_below_the_clients_output_limit() throws Exception {
        JsonNode body = encode(request(user(Text.of("x"))).reasoning(new Reasoning("high", null)).maxTokens(8000).build());

        assertThat(body.path("thinking").path("budget_tokens").asInt()).isEqualTo(7999);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(8000);
    }

    @Test
    void an_output_limit_too_small_for_any_thinking_budget_is_a_400() {
        ChatRequest request = request(user(Text.of("x"))).reasoning(new Reasoning("low", null)).maxTokens(500).build();

        assertThatThrownBy(() -> encode(request)).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("max_completion_tokens 500 leaves no room for reasoning_effort 'low'");
    }

    @Test
    void an_unknown_reasoning_effort_is_a_400() {
        ChatRequest request = request(user(Text.of("x"))).reasoning(new Reasoning("extreme", null)).build();

        assertThatThrownBy(() -> encode(request)).isInstanceOf(InvalidRequest.class).hasMessageStartingWith("reasoning_effort 'extreme'");
    }

    @Test
    void thinking_with_a_changed_temperature_top_k_low_top_p_or_forced_tool_is_a_400() {
        Builder thinking = request(user(Text.of("x"))).reasoning(new Reasoning("medium", null)).tools(List.of(new Tool("f", null, null, null)));

        assertThatThrownBy(() -> encode(thinking.temperature(0.5).build())).hasMessageStartingWith("temperature cannot be changed while reasoning is on");
        assertThatThrownBy(() -> encode(thinking.temperature(null).topK(5).build())).hasMessageStartingWith("top_k cannot be set while reasoning is on");
        assertThatThrownBy(() -> encode(thinking.topK(null).topP(0.5).build())).hasMessageStartingWith("top_p below 0.95");
        assertThatThrownBy(() -> encode(thinking.topP(null).toolChoice(new ToolChoice.Required()).build()))
                .hasMessageStartingWith("a tool_choice that forces a tool call cannot be combined with reasoning");
    }

    @Test
    void thinking_accepts_the_default_temperature() throws Exception {
        assertThat(encode(request(user(Text.of("x"))).reasoning(new Reasoning("low", null)).temperature(1.0).build()).path("temperature").asDouble())
                .isEqualTo(1.0);
    }

    @Test
    void a_json_schema_response_format_is_a_400_never_silently_dropped() {
        ChatRequest request = request(user(Text.of("x"))).responseFormat(new ResponseFormat.JsonSchema("answer", JSON.createObjectNode(), true)).build();

        assertThatThrownBy(() -> encode(request)).isInstanceOf(InvalidRequest.class)
                .hasMessage("response_format json_schema is not supported by Anthropic models")
                .satisfies(e -> assertThat(((InvalidRequest) e).param()).contains("response_format"));
    }

    @Test
    void a_json_object_response_format_is_a_400() {
        ChatRequest request = request(user(Text.of("x"))).responseFormat(new ResponseFormat.JsonObject()).build();

        assertThatThrownBy(() -> encode(request)).hasMessage("response_format json_object is not supported by Anthropic models");
    }

    @Test
    void a_seed_is_a_400() {
        assertThatThrownBy(() -> encode(request(user(Text.of("x"))).seed(7L).build()))
                .isInstanceOf(InvalidRequest.class).hasMessage("seed is not supported by Anthropic models");
    }

    @Test
    void images_and_documents_by_url_or_inline_keep_their_cache_control() throws Exception {
        JsonNode ephemeral = json("{\"type\":\"ephemeral\"}");
        ChatRequest request = request(user(
                new Image("https://example.com/cat.jpg", null, null, "high", ephemeral),
                new Image("data:image/png;base64,iVBORw0KGgo=", null, null, null, null),
                new Document(null, "application/pdf", "JVBERi0=", "Report", ephemeral),
                new Text("Describe them.", ephemeral))).build();

        assertThat(encode(request).path("messages").get(0).path("content")).isEqualTo(json("""
                [{"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"},"cache_control":{"type":"ephemeral"}},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                 {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="},"title":"Report","cache_control":{"type":"ephemeral"}},
                 {"type":"text","text":"Describe them.","cache_control":{"type":"ephemeral"}}]"""));
    }

    @Test
    void signed_and_redacted_thinking_go_back_but_unsigned_reasoning_from_another_vendor_does_not() throws Exception {
        ChatRequest request = request(user(Text.of("q")),
                assistant(new Thinking("signed", "sig", false), new Thinking("opaque", null, true),
                        new Thinking("deepseek reasoning", null, false), Text.of("a")),
                user(Text.of("q2"))).build();

        assertThat(encode(request).path("messages").get(1).path("content")).isEqualTo(json("""
                [{"type":"thinking","thinking":"signed","signature":"sig"},
                 {"type":"redacted_thinking","data":"opaque"},
                 {"type":"text","text":"a"}]"""));
    }

    @Test
    void an_anthropic_request_survives_decoding_and_encoding_again() throws Exception {
        JsonNode original = JSON.readTree(AnthropicWire.bytes("request-agent.json"));
        ChatRequest decoded = dialect.decodeRequest(AnthropicWire.bytes("request-agent.json"));

        JsonNode encoded = JSON.readTree(dialect.encodeRequest(decoded, "claude-sonnet-4-5-20250929"));

        // Only cache_control on tools and tool results is not carried (see ContentDecoder), and
        // a string tool result comes back as a text block.
        ((ObjectNode) original.path("tools").get(1)).remove("cache_control");
        ((ObjectNode) original.path("messages").get(2).path("content").get(0)).remove("cache_control");
        ((ObjectNode) original.path("messages").get(4).path("content").get(0)).set("content", json("[{\"type\":\"text\",\"text\":\"Parser.java:2: error: ';' expected\"}]"));
        assertThat(encoded).isEqualTo(original);
    }

    /** Builds neutral requests for these tests; every field defaults to unset. */
    private static final class Builder {
        private final List<Message> messages;
        private List<Text> system = List.of();
        private List<Tool> tools = List.of();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private Integer topK;
        private List<String> stop = List.of();
        private ResponseFormat responseFormat;
        private Reasoning reasoning;
        private boolean stream;
        private String user;
        private Long seed;

        Builder(List<Message> messages) {
            this.messages = messages;
        }

        Builder system(List<Text> value) { system = value; return this; }
        Builder tools(List<Tool> value) { tools = value; return this; }
        Builder toolChoice(ToolChoice value) { toolChoice = value; return this; }
        Builder parallelToolCalls(Boolean value) { parallelToolCalls = value; return this; }
        Builder maxTokens(Integer value) { maxTokens = value; return this; }
        Builder temperature(Double value) { temperature = value; return this; }
        Builder topP(Double value) { topP = value; return this; }
        Builder topK(Integer value) { topK = value; return this; }
        Builder stop(List<String> value) { stop = value; return this; }
        Builder responseFormat(ResponseFormat value) { responseFormat = value; return this; }
        Builder reasoning(Reasoning value) { reasoning = value; return this; }
        Builder stream(boolean value) { stream = value; return this; }
        Builder user(String value) { user = value; return this; }
        Builder seed(Long value) { seed = value; return this; }

        ChatRequest build() {
            return new ChatRequest("gpt-4o", system, messages, tools, toolChoice, parallelToolCalls, maxTokens, temperature,
                    topP, topK, stop, responseFormat, reasoning, stream, user, seed);
        }
    }
}
