package dev.switchboard.dialect.openai;

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
import dev.switchboard.chat.ChatRequest.ToolCall;
import dev.switchboard.chat.ChatRequest.ToolResult;
import dev.switchboard.error.GatewayException.InvalidRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiRequestEncodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenAiDialect DIALECT = new OpenAiDialect();

    private static JsonNode roundTrip(String clientBody, String upstreamModel) throws Exception {
        ChatRequest request = DIALECT.decodeRequest(clientBody.getBytes(StandardCharsets.UTF_8));
        return JSON.readTree(DIALECT.encodeRequest(request, upstreamModel));
    }

    private static JsonNode encode(ChatRequest request, String upstreamModel) throws Exception {
        return JSON.readTree(DIALECT.encodeRequest(request, upstreamModel));
    }

    /** A request with these turns and nothing else set. */
    private static ChatRequest conversation(List<Text> system, Message... messages) {
        return new ChatRequest("client-model", system, List.of(messages), List.of(), null, null, null, null, null,
                null, List.of(), null, null, false, null, null);
    }

    private static ChatRequest withReasoning(Reasoning reasoning) {
        return new ChatRequest("m", List.of(), List.of(user(Text.of("hi"))), List.of(), null, null, 100, null, null,
                null, List.of(), null, reasoning, false, null, null);
    }

    private static Message user(Part... parts) {
        return new Message(Role.USER, List.of(parts));
    }

    private static Message assistant(Part... parts) {
        return new Message(Role.ASSISTANT, List.of(parts));
    }

    @Test
    void a_request_with_tools_images_and_a_schema_survives_decoding_and_encoding() throws Exception {
        String body = """
                {"model":"gpt-4o-mini","messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":[{"type":"text","text":"What is in this image?"},
                    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
                    {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}},
                    {"type":"file","file":{"filename":"report.pdf","file_data":"data:application/pdf;base64,JVBERi0xLjQ="}}]},
                  {"role":"assistant","content":"A cat."},
                  {"role":"user","content":"Thanks"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]},"strict":true}}],
                 "tool_choice":"auto","parallel_tool_calls":true,
                 "max_tokens":300,"temperature":0.2,"top_p":0.9,"stop":["\\n\\n"],
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"a":{"type":"string"}}},"strict":true}},
                 "reasoning_effort":"high","user":"u-1","seed":42}""";

        JsonNode upstream = roundTrip(body, "upstream-model");

        JsonNode expected = ((ObjectNode) JSON.readTree(body)).put("model", "upstream-model");
        assertThat(upstream).isEqualTo(expected);
    }

    @Test
    void a_tool_call_conversation_encodes_to_the_exact_openai_messages() throws Exception {
        ChatRequest request = conversation(List.of(Text.of("You are a weather bot."), Text.of("Use metric units.")),
                user(Text.of("Weather in Paris and Tokyo?")),
                assistant(new Thinking("Two cities, two calls.", "sig", false), Text.of("Checking both."),
                        new ToolCall("call_1", "get_weather", JSON.readTree("{\"location\":\"Paris\"}")),
                        new ToolCall("call_2", "get_weather", JSON.readTree("{\"location\":\"Tokyo\"}"))),
                user(new ToolResult("call_1", "get_weather", List.of(Text.of("18C"), Text.of("sunny")), false),
                        new ToolResult("call_2", "get_weather", List.of(Text.of("service down")), true),
                        new Text("Also, which is warmer?", JSON.readTree("{\"type\":\"ephemeral\"}"))));

        assertThat(new String(DIALECT.encodeRequest(request, "gpt-4o"), StandardCharsets.UTF_8)).isEqualTo(JSON.readTree("""
                {"model":"gpt-4o","messages":[
                  {"role":"system","content":"You are a weather bot.\\n\\nUse metric units."},
                  {"role":"user","content":"Weather in Paris and Tokyo?"},
                  {"role":"assistant","content":"Checking both.","tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}},
                    {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Tokyo\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"18C\\nsunny"},
                  {"role":"tool","tool_call_id":"call_2","content":"Error: service down"},
                  {"role":"user","content":"Also, which is warmer?"}]}""").toString());
    }

    @Test
    void an_assistant_turn_of_only_tool_calls_has_null_content() throws Exception {
        JsonNode body = encode(conversation(List.of(), user(Text.of("now?")),
                assistant(new ToolCall("c", "clock", JSON.createObjectNode()))), "m");

        assertThat(body.at("/messages/1").toString())
                .isEqualTo("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"clock\",\"arguments\":\"{}\"}}]}");
    }

    @Test
    void a_stream_always_asks_the_upstream_for_usage() throws Exception {
        JsonNode body = roundTrip("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}", "m");

        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "gpt-4o, max_tokens",
            "llama-3.3-70b-versatile, max_tokens",
            "o1, max_completion_tokens",
            "o3-mini, max_completion_tokens",
            "o4-mini-2025-04-16, max_completion_tokens",
            "gpt-5-nano, max_completion_tokens",
            "openai/o3, max_completion_tokens",
            "o1x-custom, max_tokens"})
    void the_output_limit_uses_max_completion_tokens_only_for_openai_reasoning_models(String model, String field) throws Exception {
        JsonNode body = encode(withReasoning(null), model);

        assertThat(body.get(field).asInt()).isEqualTo(100);
        assertThat(body.has(field.equals("max_tokens") ? "max_completion_tokens" : "max_tokens")).isFalse();
    }

    @ParameterizedTest(name = "budget {0} -> {1}")
    @CsvSource({"1024, low", "1025, medium", "8192, medium", "8193, high", "32000, high"})
    void a_thinking_budget_becomes_the_effort_of_similar_size(int budget, String effort) throws Exception {
        assertThat(encode(withReasoning(new Reasoning(null, budget)), "o3").get("reasoning_effort").asText()).isEqualTo(effort);
    }

    @Test
    void a_zero_thinking_budget_sends_no_effort_so_models_that_do_not_reason_accept_the_request() throws Exception {
        assertThat(encode(withReasoning(new Reasoning(null, 0)), "gpt-4o").has("reasoning_effort")).isFalse();
    }

    @Test
    void top_k_cannot_be_expressed_and_is_refused() {
        ChatRequest request = new ChatRequest("m", List.of(), List.of(user(Text.of("hi"))), List.of(), null, null, null,
                null, null, 40, List.of(), null, null, false, null, null);

        assertThatThrownBy(() -> DIALECT.encodeRequest(request, "m"))
                .isInstanceOf(InvalidRequest.class)
                .satisfies(e -> assertThat(((InvalidRequest) e).param()).contains("top_k"));
    }

    @Test
    void an_image_in_a_tool_result_is_refused_because_tool_messages_are_text_only() {
        ChatRequest request = conversation(List.of(), user(Text.of("screenshot")),
                assistant(new ToolCall("c", "screenshot", JSON.createObjectNode())),
                user(new ToolResult("c", null, List.of(new Image(null, "image/png", "iVBOR", null, null)), false)));

        assertThatThrownBy(() -> DIALECT.encodeRequest(request, "m"))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("only accepts text in tool results");
    }

    @Test
    void a_document_by_url_is_refused_because_openai_takes_documents_inline_only() {
        ChatRequest request = conversation(List.of(), user(new Document("https://example.com/a.pdf", "application/pdf", null, null, null)));

        assertThatThrownBy(() -> DIALECT.encodeRequest(request, "m")).isInstanceOf(InvalidRequest.class);
    }

    @Test
    void a_json_schema_without_a_name_gets_the_name_openai_requires() throws Exception {
        ChatRequest request = new ChatRequest("m", List.of(), List.of(user(Text.of("hi"))), List.of(), null, null, null,
                null, null, null, List.of(), new ResponseFormat.JsonSchema(null, JSON.readTree("{\"type\":\"object\"}"), null),
                null, false, null, null);

        assertThat(encode(request, "m").get("response_format").toString())
                .isEqualTo("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"response\",\"schema\":{\"type\":\"object\"}}}");
    }
}
