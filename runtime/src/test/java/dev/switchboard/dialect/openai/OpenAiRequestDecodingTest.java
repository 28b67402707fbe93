package dev.switchboard.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.Document;
import dev.switchboard.chat.ChatRequest.Image;
import dev.switchboard.chat.ChatRequest.Message;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiRequestDecodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenAiDialect DIALECT = new OpenAiDialect();
    private static final String USER_HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static ChatRequest decode(String json) {
        return DIALECT.decodeRequest(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRejected(String json, String param, String messagePart) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(((InvalidRequest) e).param()).contains(param));
    }

    private static Message only(List<Message> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    @Test
    void every_expressible_top_level_field_reaches_the_neutral_request() throws Exception {
        ChatRequest request = decode("""
                {"model":"claude-sonnet","messages":[{"role":"user","content":"hi"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object"},"strict":true}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},"parallel_tool_calls":false,
                 "max_completion_tokens":500,"temperature":0.2,"top_p":0.9,"stop":"END",
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":true}},
                 "reasoning_effort":"low","stream":true,"stream_options":{"include_usage":true},"user":"u-1","seed":7,
                 "store":false,"metadata":{"k":"v"},"service_tier":"auto","n":1,"logprobs":false,"presence_penalty":0}""");

        assertThat(request.model()).isEqualTo("claude-sonnet");
        assertThat(request.tools()).containsExactly(new Tool("get_weather", "Weather", JSON.readTree("{\"type\":\"object\"}"), true));
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Named("get_weather"));
        assertThat(request.parallelToolCalls()).isFalse();
        assertThat(request.maxTokens()).isEqualTo(500);
        assertThat(request.temperature()).isEqualTo(0.2);
        assertThat(request.topP()).isEqualTo(0.9);
        assertThat(request.stop()).containsExactly("END");
        assertThat(request.responseFormat()).isEqualTo(new ResponseFormat.JsonSchema("answer", JSON.readTree("{\"type\":\"object\"}"), true));
        assertThat(request.reasoning()).isEqualTo(new Reasoning("low", null));
        assertThat(request.stream()).isTrue();
        assertThat(request.streamUsage()).isTrue();
        assertThat(request.user()).isEqualTo("u-1");
        assertThat(request.seed()).isEqualTo(7L);
    }

    @Test
    void top_k_is_taken_as_vllm_and_openrouter_clients_send_it_and_non_positive_means_off() {
        assertThat(decode("{\"model\":\"m\"," + USER_HI + ",\"top_k\":40}").topK()).isEqualTo(40);
        assertThat(decode("{\"model\":\"m\"," + USER_HI + ",\"top_k\":-1}").topK()).isNull();
        assertRejected("{\"model\":\"m\"," + USER_HI + ",\"top_k\":0.5}", "top_k", "expected an integer");
    }

    @Test
    void a_stream_without_include_usage_does_not_ask_for_the_usage_chunk() {
        assertThat(decode("{\"model\":\"m\"," + USER_HI + ",\"stream\":true}").streamUsage()).isFalse();
        assertThat(decode("{\"model\":\"m\"," + USER_HI + ",\"stream\":true,\"stream_options\":{\"include_usage\":false}}").streamUsage()).isFalse();
    }

    @Test
    void system_and_developer_messages_become_system_texts_in_order_even_after_the_conversation_began() {
        ChatRequest request = decode("""
                {"model":"m","messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"developer","content":[{"type":"text","text":"Answer in French."}]},
                  {"role":"user","content":"hi"},
                  {"role":"system","content":"Now be formal."}]}""");

        assertThat(request.system()).extracting(Text::text).containsExactly("Be brief.", "Answer in French.", "Now be formal.");
        assertThat(only(request.messages())).isEqualTo(new Message(Role.USER, List.of(Text.of("hi"))));
    }

    @Test
    void images_become_inline_data_or_urls_with_their_detail() {
        Message message = only(decode("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"text","text":"Compare these."},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}""").messages());

        assertThat(message.parts()).containsExactly(
                Text.of("Compare these."),
                new Image(null, "image/png", "iVBORw0KGgo=", "low", null),
                new Image("https://example.com/cat.jpg", null, null, null, null));
    }

    @Test
    void an_inline_file_becomes_a_document_titled_with_its_filename() {
        Message message = only(decode("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"file","file":{"filename":"report.pdf","file_data":"data:application/pdf;base64,JVBERi0xLjQ="}}]}]}""").messages());

        assertThat(message.parts()).containsExactly(new Document(null, "application/pdf", "JVBERi0xLjQ=", "report.pdf", null));
    }

    @Test
    void a_cache_control_marker_on_a_part_is_carried_for_anthropic() throws Exception {
        Message message = only(decode("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"text","text":"A long prompt","cache_control":{"type":"ephemeral"}}]}]}""").messages());

        assertThat(message.parts()).containsExactly(new Text("A long prompt", JSON.readTree("{\"type\":\"ephemeral\"}")));
    }

    @Test
    void tool_calls_and_consecutive_tool_results_become_one_assistant_and_one_user_turn_with_tool_names() throws Exception {
        List<Message> messages = decode("""
                {"model":"m","messages":[
                  {"role":"user","content":"Weather in Paris and Tokyo?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}},
                    {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Tokyo\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"18C"},
                  {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"22C"}]},
                  {"role":"user","content":"Thanks"}]}""").messages();

        assertThat(messages).containsExactly(
                new Message(Role.USER, List.of(Text.of("Weather in Paris and Tokyo?"))),
                new Message(Role.ASSISTANT, List.of(
                        new ToolCall("call_1", "get_weather", JSON.readTree("{\"location\":\"Paris\"}")),
                        new ToolCall("call_2", "get_weather", JSON.readTree("{\"location\":\"Tokyo\"}")))),
                new Message(Role.USER, List.of(
                        new ToolResult("call_1", "get_weather", List.of(Text.of("18C")), false),
                        new ToolResult("call_2", "get_weather", List.of(Text.of("22C")), false))),
                new Message(Role.USER, List.of(Text.of("Thanks"))));
    }

    @Test
    void echoed_reasoning_and_refusals_of_earlier_answers_are_kept() {
        Message message = decode("""
                {"model":"m","messages":[{"role":"user","content":"hi"},
                  {"role":"assistant","content":"","reasoning_content":"The user greets me.","refusal":"I can't help with that."}]}""")
                .messages().get(1);

        assertThat(message.parts()).containsExactly(new Thinking("The user greets me.", null, false),
                Text.of(""), Text.of("I can't help with that."));
    }

    @Test
    void empty_tool_call_arguments_are_an_empty_object() {
        Message message = decode("""
                {"model":"m","messages":[{"role":"user","content":"hi"},
                  {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"now","arguments":""}}]}]}""")
                .messages().get(1);

        assertThat(((ToolCall) message.parts().get(0)).arguments().isEmpty()).isTrue();
    }

    @Test
    void tool_call_arguments_that_are_not_a_json_object_are_refused_naming_the_message() {
        assertRejected("""
                {"model":"m","messages":[{"role":"user","content":"hi"},
                  {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\\"a\\":"}}]}]}""",
                "messages[1].tool_calls[0].function.arguments", "must be a JSON object");
    }

    /** Regression (issue 14): only the first object was read, and the second was dropped without a word. */
    @Test
    void tool_call_arguments_holding_two_json_objects_are_refused_rather_than_cut_to_the_first() {
        assertRejected("""
                {"model":"m","messages":[{"role":"user","content":"hi"},
                  {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}{\\"b\\":2}"}}]}]}""",
                "messages[1].tool_calls[0].function.arguments", "must be a JSON object");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            n                  | 2
            logprobs           | true
            top_logprobs       | 3
            logit_bias         | {"50256":-100}
            presence_penalty   | 0.5
            frequency_penalty  | -1
            audio              | {"voice":"alloy","format":"wav"}
            modalities         | ["text","audio"]
            prediction         | {"type":"content","content":"x"}
            web_search_options | {}
            """)
    void a_field_the_neutral_model_cannot_express_is_refused_by_name(String field, String value) {
        assertRejected("{\"model\":\"m\"," + USER_HI + ",\"" + field + "\":" + value + "}",
                field, "'" + field + "' is not supported when the model is served by a non-OpenAI provider.");
    }

    @Test
    void legacy_functions_are_refused_with_a_pointer_to_tools() {
        assertRejected("{\"model\":\"m\"," + USER_HI + ",\"functions\":[{\"name\":\"f\"}]}", "functions", "use 'tools' instead");
        assertRejected("{\"model\":\"m\"," + USER_HI + ",\"function_call\":\"auto\"}", "function_call", "use 'tool_choice' instead");
        assertRejected("""
                {"model":"m","messages":[{"role":"user","content":"hi"},{"role":"function","name":"f","content":"1"}]}""",
                "messages[1].role", "use 'tool' messages instead");
        assertRejected("""
                {"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"function_call":{"name":"f","arguments":"{}"}}]}""",
                "messages[1].function_call", "use 'tool_calls' instead");
    }

    @Test
    void an_unknown_top_level_field_is_refused_rather_than_dropped() {
        assertRejected("{\"model\":\"m\"," + USER_HI + ",\"mirostat_tau\":5}", "mirostat_tau", "Unrecognized request argument supplied: mirostat_tau");
    }

    @Test
    void an_unknown_field_inside_a_message_is_refused_but_null_fields_are_absent() {
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":\"ann\"}]}",
                "messages[0].name", "is not supported");
        assertThat(decode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":null}]}").messages()).hasSize(1);
    }

    @Test
    void a_file_uploaded_to_openai_cannot_be_translated() {
        assertRejected("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-abc"}}]}]}""",
                "messages[0].content[0].file.file_id", "send the file inline");
    }

    @Test
    void audio_input_and_non_data_non_http_urls_are_refused() {
        assertRejected("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAA","format":"wav"}}]}]}""",
                "messages[0].content[0].type", "'input_audio'");
        assertRejected("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]}""",
                "messages[0].content[0].image_url.url", "http(s) URL or a base64 data URL");
        assertRejected("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,raw"}}]}]}""",
                "messages[0].content[0].image_url.url", "base64 data URL");
    }

    @Test
    void the_pass_through_parsers_checks_and_messages_apply() {
        assertRejected("{\"model\":\"m\"," + USER_HI + ",\"temperature\":3}", "temperature",
                "Invalid 'temperature': 3 is out of range; expected a number from 0 to 2.");
        assertRejected("{\"model\":\"m\"}", "messages", "Missing required parameter: 'messages'.");
    }

    @Test
    void values_outside_the_supported_sets_are_refused_naming_the_field() {
        assertRejected("{\"model\":\"m\"," + USER_HI + ",\"reasoning_effort\":\"extreme\"}", "reasoning_effort", "'minimal', 'low', 'medium' and 'high'");
        assertRejected("{\"model\":\"m\"," + USER_HI + ",\"tool_choice\":\"any\"}", "tool_choice", "Invalid value for 'tool_choice'");
        assertRejected("{\"model\":\"m\"," + USER_HI + ",\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"x\"}}]}", "tools[0].type", "'custom'");
        assertRejected("{\"model\":\"m\"," + USER_HI + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a\",\"description\":\"d\",\"schema\":{}}}}",
                "response_format.json_schema.description", "is not supported");
    }

    @Test
    void a_conversation_of_only_system_messages_is_refused() {
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}", "messages", "besides system messages");
    }
}
