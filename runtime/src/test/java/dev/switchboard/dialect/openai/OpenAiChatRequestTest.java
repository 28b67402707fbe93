package dev.switchboard.http.openai;

import dev.switchboard.dialect.openai.OpenAiChatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.error.GatewayException.InvalidRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiChatRequestTest {

    private static OpenAiChatRequest parse(String json) {
        return OpenAiChatRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String rewrite(String json, String model) {
        return new String(parse(json).bodyFor(model), StandardCharsets.UTF_8);
    }

    private static void assertRejected(String json, String message, String param) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(InvalidRequest.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((InvalidRequest) e).param().orElse(null)).isEqualTo(param));
    }

    @Test
    void the_body_is_returned_untouched_when_nothing_needs_rewriting() {
        byte[] body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);

        assertThat(OpenAiChatRequest.parse(body).bodyFor("m")).isSameAs(body);
    }

    @Test
    void only_the_model_value_changes_whitespace_and_unicode_around_it_survive() {
        String body = "{ \"messages\" : [{\"role\":\"user\",\"content\":\"h\\u00e9llo \u2603\"}],\n  \"model\" :\t\"short\" , \"x\":1}";

        assertThat(rewrite(body, "vendor/long-model-name\"quoted"))
                .isEqualTo("{ \"messages\" : [{\"role\":\"user\",\"content\":\"h\\u00e9llo \u2603\"}],\n  \"model\" :\t\"vendor/long-model-name\\\"quoted\" , \"x\":1}");
    }

    @Test
    void a_stream_gets_include_usage_inserted_when_absent() {
        assertThat(rewrite("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "m"))
                .isEqualTo("{\"stream_options\":{\"include_usage\":true},\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    }

    @Test
    void existing_stream_options_are_merged_not_duplicated() {
        String body = "{\"stream_options\":{\"include_obfuscation\":false},\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

        assertThat(rewrite(body, "n"))
                .isEqualTo("{\"stream_options\":{\"include_obfuscation\":false,\"include_usage\":true},\"model\":\"n\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(parse(body).clientWantsUsage()).isFalse();
    }

    @Test
    void a_client_that_asked_for_usage_is_left_alone() {
        String body = "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

        assertThat(parse(body).clientWantsUsage()).isTrue();
        assertThat(rewrite(body, "m")).isEqualTo(body);
    }

    @Test
    void malformed_json_is_a_400_with_its_position() {
        assertThatThrownBy(() -> parse("{\"model\": \"m\", \"messages\": [}"))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageStartingWith("We could not parse the JSON body of your request:")
                .hasMessageContaining("line 1, column");
    }

    @Test
    void a_body_that_is_not_an_object_is_rejected() {
        assertRejected("[1,2]", "We could not parse the JSON body of your request: expected a JSON object.", null);
    }

    @Test
    void trailing_content_is_rejected() {
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]} {}",
                "We could not parse the JSON body of your request: unexpected content after the JSON object.", null);
    }

    @Test
    void the_model_is_required() {
        assertRejected("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "you must provide a model parameter", "model");
    }

    @Test
    void messages_are_required_and_not_empty() {
        assertRejected("{\"model\":\"m\"}", "Missing required parameter: 'messages'.", "messages");
        assertRejected("{\"model\":\"m\",\"messages\":[]}", "Invalid 'messages': empty array. Expected an array with at least one message.", "messages");
    }

    @Test
    void each_message_needs_a_known_role() {
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"},{\"content\":\"x\"}]}",
                "Missing required parameter: 'messages[1].role'.", "messages[1].role");
        assertRejected("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\"}]}",
                "Invalid value: 'robot'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.", "messages[0].role");
        assertRejected("{\"model\":\"m\",\"messages\":[\"hello\"]}", "Invalid type for 'messages[0]': expected an object.", "messages[0]");
    }

    @Test
    void numeric_parameters_are_range_checked() {
        String messages = ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertRejected("{\"model\":\"m\",\"temperature\":2.5" + messages,
                "Invalid 'temperature': 2.5 is out of range; expected a number from 0 to 2.", "temperature");
        assertRejected("{\"model\":\"m\",\"n\":0" + messages, "Invalid 'n': 0 is out of range; expected at least 1.", "n");
        assertRejected("{\"model\":\"m\",\"max_tokens\":\"ten\"" + messages, "Invalid type for 'max_tokens': expected an integer.", "max_tokens");
        assertRejected("{\"model\":\"m\",\"top_p\":-0.1" + messages,
                "Invalid 'top_p': -0.1 is out of range; expected a number from 0 to 1.", "top_p");
    }

    @Test
    void structural_parameters_are_type_checked() {
        String messages = ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertRejected("{\"model\":\"m\",\"stream\":\"yes\"" + messages, "Invalid type for 'stream': expected a boolean.", "stream");
        assertRejected("{\"model\":\"m\",\"tools\":{}" + messages, "Invalid type for 'tools': expected an array of tools.", "tools");
        assertRejected("{\"model\":\"m\",\"stop\":5" + messages, "Invalid type for 'stop': expected a string or an array of strings.", "stop");
        assertRejected("{\"model\":\"m\",\"response_format\":\"json\"" + messages, "Invalid type for 'response_format': expected an object.", "response_format");
    }

    @Test
    void null_optional_parameters_are_accepted() {
        OpenAiChatRequest request = parse("{\"model\":\"m\",\"temperature\":null,\"n\":null,\"stop\":null,\"stream\":null,\"tool_choice\":null,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(request.stream()).isFalse();
        assertThat(request.model()).isEqualTo("m");
    }

    @Test
    void the_tree_parse_refuses_what_the_byte_parse_refuses_with_the_same_message() {
        String messages = ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        for (String body : List.of("{\"model\":\"m\",\"temperature\":2.5" + messages, "{\"model\":\"m\",\"stream\":\"yes\"" + messages,
                "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\"}]}", "{\"model\":\"m\"}", "{\"messages\":[]", "[1]")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Throwable byteParse = catchThrowable(() -> OpenAiChatRequest.parse(bytes));

            assertThatThrownBy(() -> OpenAiChatRequest.parseTree(bytes))
                    .as(body)
                    .isInstanceOf(InvalidRequest.class)
                    .hasMessage(byteParse.getMessage());
        }
    }

    @Test
    void the_tree_parse_returns_every_field_including_the_model() {
        ObjectNode tree = OpenAiChatRequest.parseTree("{\"model\":\"m\",\"x\":[1],\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(tree.toString()).isEqualTo("{\"x\":[1],\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"model\":\"m\"}");
    }
}
