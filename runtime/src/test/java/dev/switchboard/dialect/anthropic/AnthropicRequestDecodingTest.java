package dev.switchboard.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.Document;
import dev.switchboard.chat.ChatRequest.Image;
import dev.switchboard.chat.ChatRequest.Reasoning;
import dev.switchboard.chat.ChatRequest.Role;
import dev.switchboard.chat.ChatRequest.Text;
import dev.switchboard.chat.ChatRequest.Thinking;
import dev.switchboard.chat.ChatRequest.ToolCall;
import dev.switchboard.chat.ChatRequest.ToolChoice;
import dev.switchboard.chat.ChatRequest.ToolResult;
import dev.switchboard.error.GatewayException.InvalidRequest;
import dev.switchboard.testing.AnthropicWire;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AnthropicRequestDecodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AnthropicDialect dialect = new AnthropicDialect();

    private ChatRequest decode(String json) {
        return dialect.decodeRequest(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A minimal valid request with {@code extra} spliced in as further top-level fields. */
    private static String request(String extra) {
        return "{\"model\":\"claude-x\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static String userBlock(String block) {
        return "{\"model\":\"claude-x\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":[" + block + "]}]}";
    }

    private void assertRejected(String json, String message) {
        assertThatThrownBy(() -> decode(json)).isInstanceOf(InvalidRequest.class).hasMessage(message);
    }

    @Test
    void a_coding_agent_request_is_decoded_with_every_part_in_place() throws Exception {
        ChatRequest request = dialect.decodeRequest(AnthropicWire.bytes("request-agent.json"));

        assertThat(request.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(request.maxTokens()).isEqualTo(32000);
        assertThat(request.stream()).isTrue();
        assertThat(request.user()).isEqualTo("user_2f8a6c");
        assertThat(request.stop()).containsExactly("\n\nHuman:");
        assertThat(request.reasoning()).isEqualTo(new Reasoning(null, 10000));
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Auto());
        assertThat(request.parallelToolCalls()).isFalse();
        assertThat(request.system()).containsExactly(
                Text.of("You are a coding agent. Use the tools to read and edit files in the user's repository."),
                new Text("The repository is a Java 21 Maven project. Prefer small, focused changes and explain each one briefly.",
                        JSON.readTree("{\"type\":\"ephemeral\"}")));
        assertThat(request.tools()).extracting(ChatRequest.Tool::name).containsExactly("read_file", "run_build");
        assertThat(request.tools().getFirst().parameters().path("required").get(0).asText()).isEqualTo("path");

        List<ChatRequest.Message> messages = request.messages();
        assertThat(messages).extracting(ChatRequest.Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(messages.get(0).parts()).hasSize(3);
        assertThat(messages.get(0).parts().get(1)).isEqualTo(new Image(null, "image/png",
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", null, null));
        assertThat(messages.get(0).parts().get(2)).isEqualTo(new Document("https://example.com/build-log.pdf", null, null, "Build log", null));
        assertThat(messages.get(1).parts()).containsExactly(
                new Thinking("I should look at Parser.java first.", "EqQBCgIYAhIMsig==", false),
                Text.of("Let me look at the file."),
                new ToolCall("toolu_01D7FLrfh4GYq7yT1ULFeyMV", "read_file", JSON.readTree("{\"path\":\"src/main/java/Parser.java\"}")));
        assertThat(messages.get(2).parts().getFirst()).isEqualTo(new ToolResult("toolu_01D7FLrfh4GYq7yT1ULFeyMV", null,
                List.of(Text.of("public class Parser {\n    int parse(String s) { return Integer.parseInt(s) }\n}\n")), false));
        assertThat(messages.get(3).parts().getFirst()).isEqualTo(new Thinking("EmwKAhgBEgy3va3pzix/LafPsn4a", null, true));
        assertThat(messages.get(4).parts()).containsExactly(new ToolResult("toolu_01NRLabsLyVHZPKxbKvkfSMn", null,
                List.of(Text.of("Parser.java:2: error: ';' expected")), true));
    }

    @Test
    void a_missing_max_tokens_is_a_400_in_anthropics_words() {
        assertRejected("{\"model\":\"claude-x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "max_tokens: Field required");
    }

    @Test
    void missing_model_and_messages_are_400s() {
        assertRejected("{\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model: Field required");
        assertRejected("{\"model\":\"m\",\"max_tokens\":1}", "messages: Field required");
        assertRejected("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}", "messages: at least one message is required");
    }

    @Test
    void a_body_that_is_not_a_json_object_is_a_400() {
        assertThatThrownBy(() -> decode("[1]")).isInstanceOf(InvalidRequest.class).hasMessage("The request body must be a JSON object.");
        assertThatThrownBy(() -> decode("{\"model\":")).isInstanceOf(InvalidRequest.class).hasMessageStartingWith("The request body is not valid JSON");
    }

    @Test
    void a_body_holding_two_json_objects_is_a_400_rather_than_the_first_one_read() {
        assertThatThrownBy(() -> decode(request("") + request("")))
                .isInstanceOf(InvalidRequest.class).hasMessageStartingWith("The request body is not valid JSON");
    }

    @Test
    void an_unknown_top_level_field_is_a_400_naming_it_and_its_param() {
        assertThatThrownBy(() -> decode(request("\"frequency_penalty\":1")))
                .isInstanceOf(InvalidRequest.class)
                .hasMessage("frequency_penalty: Extra inputs are not permitted")
                .satisfies(e -> assertThat(((InvalidRequest) e).param()).contains("frequency_penalty"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            container            | "container":"container_011CS"
            mcp_servers          | "mcp_servers":[{"type":"url","url":"https://mcp.example.com/sse","name":"x"}]
            context_management   | "context_management":{"edits":[]}
            """)
    void anthropic_only_top_level_features_are_400s_naming_them(String field, String json) {
        assertRejected(request(json), field + ": '" + field + "' cannot be translated for a model served by a non-Anthropic provider");
    }

    @Test
    void service_tier_is_accepted_as_advisory_and_null_fields_count_as_absent() {
        ChatRequest request = decode(request("\"service_tier\":\"auto\",\"temperature\":null,\"container\":null"));

        assertThat(request.temperature()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            web_search_20250305   | {"type":"web_search_20250305","name":"web_search","max_uses":5}
            computer_20250124     | {"type":"computer_20250124","name":"computer","display_width_px":1024,"display_height_px":768}
            bash_20250124         | {"type":"bash_20250124","name":"bash"}
            text_editor_20250728  | {"type":"text_editor_20250728","name":"str_replace_based_edit_tool"}
            """)
    void server_tools_are_400s_naming_their_type(String type, String tool) {
        assertRejected(request("\"tools\":[" + tool + "]"),
                "tools.0.type: server tool '" + type + "' cannot be translated for a model served by a non-Anthropic provider");
    }

    @Test
    void a_custom_tool_with_an_unknown_field_is_a_400() {
        assertRejected(request("\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"},\"defer_loading\":true}]"),
                "tools.0.defer_loading: Extra inputs are not permitted");
    }

    @Test
    void a_tool_needs_an_input_schema() {
        assertRejected(request("\"tools\":[{\"name\":\"f\"}]"), "tools.0.input_schema: Field required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"type":"auto"}                                   | Auto
            {"type":"any"}                                    | Required
            {"type":"none"}                                   | None
            {"type":"tool","name":"get_weather"}              | Named
            """)
    void each_tool_choice_is_decoded(String choice, String kind) {
        ChatRequest request = decode(request("\"tool_choice\":" + choice));

        assertThat(request.toolChoice().getClass().getSimpleName()).isEqualTo(kind);
        assertThat(request.parallelToolCalls()).isNull();
    }

    @Test
    void a_named_tool_choice_keeps_the_name() {
        assertThat(decode(request("\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_weather\"}")).toolChoice())
                .isEqualTo(new ToolChoice.Named("get_weather"));
    }

    @Test
    void disabled_thinking_is_a_budget_of_zero() {
        assertThat(decode(request("\"thinking\":{\"type\":\"disabled\"}")).reasoning()).isEqualTo(new Reasoning(null, 0));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"type":"adaptive"}                        |                      | null
            {"type":"adaptive","display":"omitted"}    | {"effort":"low"}     | low
            {"type":"adaptive"}                        | {"effort":"max"}     | high
                                                       | {"effort":"medium"}  | medium
            {"type":"enabled","budget_tokens":2048}    | {"effort":"low"}     | budget 2048
            {"type":"disabled"}                        | {"effort":"high"}    | budget 0
            """)
    void adaptive_thinking_and_effort_become_a_reasoning_effort_unless_a_budget_says_more(String thinking, String outputConfig, String expected) {
        String extra = (thinking == null ? "" : "\"thinking\":" + thinking)
                + (thinking != null && outputConfig != null ? "," : "")
                + (outputConfig == null ? "" : "\"output_config\":" + outputConfig);

        Reasoning reasoning = decode(request(extra)).reasoning();

        String actual = reasoning == null ? "null" : reasoning.budgetTokens() != null ? "budget " + reasoning.budgetTokens() : reasoning.effort();
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void a_structured_output_format_is_a_400_naming_it() {
        assertRejected(request("\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}}"),
                "output_config.format: a structured output format cannot be translated for a model served by a non-Anthropic provider");
    }

    @Test
    void sampling_parameters_are_read() {
        ChatRequest request = decode(request("\"temperature\":0.3,\"top_p\":0.9,\"top_k\":40"));

        assertThat(request.temperature()).isEqualTo(0.3);
        assertThat(request.topP()).isEqualTo(0.9);
        assertThat(request.topK()).isEqualTo(40);
    }

    @Test
    void a_wrongly_typed_value_is_a_400_naming_its_path() {
        assertRejected(request("\"temperature\":\"hot\""), "temperature: Input should be a valid number");
        assertRejected(request("\"stop_sequences\":[\"a\",3]"), "stop_sequences.1: Input should be a valid string");
        assertRejected("{\"model\":\"m\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "max_tokens: Input should be greater than or equal to 1");
    }

    @Test
    void a_plain_text_document_becomes_text() {
        ChatRequest request = decode(userBlock("{\"type\":\"document\",\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"The grass is green.\"},\"title\":\"Facts\"}"));

        assertThat(request.messages().getFirst().parts()).containsExactly(Text.of("The grass is green."));
    }

    @Test
    void a_base64_pdf_document_and_a_url_image_are_kept_with_their_cache_control() throws Exception {
        ChatRequest request = decode(userBlock("""
                {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjQK"},"cache_control":{"type":"ephemeral"}},
                {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}"""));

        assertThat(request.messages().getFirst().parts()).containsExactly(
                new Document(null, "application/pdf", "JVBERi0xLjQK", null, JSON.readTree("{\"type\":\"ephemeral\"}")),
                new Image("https://example.com/cat.jpg", null, null, null, null));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"type":"image","source":{"type":"file","file_id":"file_011C"}}                                              | messages.0.content.0.source.type: a Files API reference cannot be translated for a model served by a non-Anthropic provider
            {"type":"document","source":{"type":"file","file_id":"file_011C"}}                                           | messages.0.content.0.source.type: a Files API reference cannot be translated for a model served by a non-Anthropic provider
            {"type":"document","source":{"type":"content","content":[]}}                                                 | messages.0.content.0.source.type: a custom-content document cannot be translated for a model served by a non-Anthropic provider
            {"type":"document","source":{"type":"url","url":"https://x/a.pdf"},"citations":{"enabled":true}}             | messages.0.content.0.citations: citations cannot be translated for a model served by a non-Anthropic provider
            {"type":"document","source":{"type":"url","url":"https://x/a.pdf"},"context":"Q3 report"}                    | messages.0.content.0.context: document context cannot be translated for a model served by a non-Anthropic provider
            {"type":"search_result","source":"https://x","title":"t","content":[]}                                      | messages.0.content.0.type: content block type 'search_result' cannot be translated for a model served by a non-Anthropic provider
            {"type":"tool_use","id":"toolu_1","name":"f","input":{}}                                                     | messages.0.content.0.type: 'tool_use' blocks are only allowed in assistant messages
            {"type":"thinking","thinking":"hm","signature":"s"}                                                          | messages.0.content.0.type: 'thinking' blocks are only allowed in assistant messages
            {"type":"text","text":"hi","foo":1}                                                                          | messages.0.content.0.foo: Extra inputs are not permitted
            {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"search_result","source":"s","title":"t","content":[]}]} | messages.0.content.0.content.0.type: tool result content of type 'search_result' cannot be translated for a model served by a non-Anthropic provider
            """)
    void untranslatable_or_misplaced_content_is_a_400_naming_it(String block, String message) {
        assertRejected(userBlock(block), message);
    }

    @Test
    void a_tool_result_in_an_assistant_message_is_a_400() {
        assertRejected("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\"}]}]}",
                "messages.0.content.0.type: 'tool_result' blocks are only allowed in user messages");
    }

    @Test
    void a_system_role_inside_messages_is_a_400() {
        assertRejected("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
                "messages.0.role: Input should be 'user' or 'assistant'");
    }

    @Test
    void a_system_string_becomes_one_text_and_an_empty_one_none() {
        assertThat(decode(request("\"system\":\"Be terse.\"")).system()).containsExactly(Text.of("Be terse."));
        assertThat(decode(request("\"system\":\"\"")).system()).isEmpty();
    }
}
