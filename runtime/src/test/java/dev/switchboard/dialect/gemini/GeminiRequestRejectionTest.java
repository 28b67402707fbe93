package dev.switchboard.dialect.gemini;

import static dev.switchboard.dialect.gemini.Requests.assistant;
import static dev.switchboard.dialect.gemini.Requests.json;
import static dev.switchboard.dialect.gemini.Requests.text;
import static dev.switchboard.dialect.gemini.Requests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.error.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Gemini cannot express is refused with a 400 that names it, never dropped. */
class GeminiRequestRejectionTest {

    private static GatewayException.InvalidRequest rejection(Requests request) {
        return catchThrowableOfType(GatewayException.InvalidRequest.class,
                () -> new GeminiDialect().encodeRequest(request.build(), "gemini-2.5-flash"));
    }

    @Test
    void limiting_the_model_to_one_tool_call_is_refused() {
        Requests request = Requests.of(user(text("Weather?")));
        request.parallelToolCalls = false;

        GatewayException.InvalidRequest rejected = rejection(request);

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.param()).contains("parallel_tool_calls");
        assertThat(rejected).hasMessageContaining("one tool call per turn");
    }

    @Test
    void allowing_parallel_tool_calls_explicitly_is_fine() {
        Requests request = Requests.of(user(text("Weather?")));
        request.parallelToolCalls = true;

        assertThat(request.encoded().has("contents")).isTrue();
    }

    @Test
    void an_image_url_without_a_media_type_or_a_known_extension_is_refused_naming_the_part() {
        Requests request = Requests.of(user(text("What is this?"),
                new ChatRequest.Image("https://example.com/image?id=7.png", null, null, null, null)));

        GatewayException.InvalidRequest rejected = rejection(request);

        assertThat(rejected.param()).contains("messages[0].content[1]");
        assertThat(rejected).hasMessageContaining("media type of the image at messages[0].content[1]")
                .hasMessageContaining("https://example.com/image?id=7.png");
    }

    @Test
    void a_document_url_of_an_unknown_type_is_refused() {
        Requests request = Requests.of(user(new ChatRequest.Document("https://example.com/notes.docx", null, null, null, null)));

        assertThat(rejection(request)).hasMessageContaining("media type of the document at messages[0].content[0]");
    }

    @Test
    void inline_data_without_a_media_type_is_refused() {
        Requests request = Requests.of(user(new ChatRequest.Image(null, null, "iVBORw0KGgo=", null, null)));

        assertThat(rejection(request)).hasMessageContaining("inline image at messages[0].content[0] has no media type");
    }

    @Test
    void a_tool_result_whose_function_name_cannot_be_found_is_refused() {
        Requests request = Requests.of(
                user(text("Hi")),
                assistant(new ChatRequest.ToolCall("call_1", "lookup", json("{}"))),
                user(new ChatRequest.ToolResult("call_2", null, List.of(text("42")), false)));

        GatewayException.InvalidRequest rejected = rejection(request);

        assertThat(rejected.param()).contains("messages[2].content[0]");
        assertThat(rejected).hasMessageContaining("function name").hasMessageContaining("'call_2'");
    }

    @Test
    void a_tool_result_with_an_image_is_refused() {
        Requests request = Requests.of(user(new ChatRequest.ToolResult("call_1", "screenshot",
                List.of(text("Here:"), new ChatRequest.Image(null, "image/png", "iVBORw0KGgo=", null, null)), false)));

        assertThat(rejection(request)).hasMessageContaining("text only").hasMessageContaining("contains an image");
    }

    @Test
    void an_unknown_reasoning_effort_is_refused() {
        Requests request = Requests.of(user(text("Think.")));
        request.reasoning = new ChatRequest.Reasoning("extreme", null);

        GatewayException.InvalidRequest rejected = rejection(request);

        assertThat(rejected.param()).contains("reasoning_effort");
        assertThat(rejected).hasMessageContaining("'extreme'");
    }

    @Test
    void a_negative_thinking_budget_is_refused() {
        Requests request = Requests.of(user(text("Think.")));
        request.reasoning = new ChatRequest.Reasoning(null, -1);

        assertThat(rejection(request)).hasMessageContaining("-1");
    }

    @Test
    void a_seed_beyond_32_bits_is_refused() {
        Requests request = Requests.of(user(text("Roll.")));
        request.seed = 1L << 40;

        GatewayException.InvalidRequest rejected = rejection(request);

        assertThat(rejected.param()).contains("seed");
        assertThat(rejected).hasMessageContaining(Long.toString(1L << 40));
    }
}
