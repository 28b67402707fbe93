package dev.switchboard.dialect.gemini;

import static dev.switchboard.dialect.gemini.Requests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.chat.StopReason;
import dev.switchboard.error.GatewayException;
import dev.switchboard.testing.GeminiWire;
import dev.switchboard.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiResponseDecodingTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_750_000_000);
    private final GeminiDialect dialect = new GeminiDialect(Clock.fixed(NOW, ZoneOffset.UTC));

    private ChatResult decode(String json) {
        return dialect.decodeResponse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_text_answer_keeps_its_thoughts_as_thinking_before_the_text() {
        ChatResult result = dialect.decodeResponse(GeminiWire.bytes("generate-content-thinking-cached.json"));

        assertThat(result.id()).isEqualTo("gR8yaPiJB9Kq1MkPq7uf6QY");
        assertThat(result.model()).isEqualTo("gemini-2.5-flash");
        assertThat(result.created()).isEqualTo(NOW.getEpochSecond());
        assertThat(result.content()).containsExactly(
                new ChatRequest.Thinking("**Recalling the capital**\n\nThe user wants the capital of France. That is Paris.\n", null, false),
                ChatRequest.Text.of("The capital of France is Paris."));
        assertThat(result.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(result.stopSequence()).isNull();
    }

    @Test
    void usage_counts_cached_tokens_in_the_input_and_thoughts_in_the_output() {
        ChatResult result = dialect.decodeResponse(GeminiWire.bytes("generate-content-thinking-cached.json"));

        // prompt 2054 of which 2027 cached; candidates 8 + thoughts 239 = 247 output, 239 of it reasoning.
        assertThat(result.usage()).isEqualTo(new TokenUsage(2054, 2027, 0, 247, 239));
        assertThat(result.usage().totalTokens()).isEqualTo(2301);
    }

    @Test
    void parallel_function_calls_become_tool_calls_with_distinct_ids() {
        ChatResult result = dialect.decodeResponse(GeminiWire.bytes("generate-content-parallel-function-calls.json"));

        assertThat(result.stopReason()).isEqualTo(StopReason.TOOL_CALLS);
        assertThat(result.content()).hasSize(2).allSatisfy(part -> assertThat(part).isInstanceOf(ChatRequest.ToolCall.class));
        ChatRequest.ToolCall paris = (ChatRequest.ToolCall) result.content().get(0);
        ChatRequest.ToolCall london = (ChatRequest.ToolCall) result.content().get(1);
        assertThat(paris.name()).isEqualTo("get_weather");
        assertThat(paris.arguments()).isEqualTo(json("{\"city\": \"Paris\", \"unit\": \"celsius\"}"));
        assertThat(london.arguments()).isEqualTo(json("{\"city\": \"London\", \"unit\": \"celsius\"}"));
        assertThat(paris.id()).matches("call_[A-Za-z0-9]{24}").isNotEqualTo(london.id());
        assertThat(result.usage()).isEqualTo(new TokenUsage(97, 0, 0, 108, 72));
    }

    @Test
    void a_function_call_id_gemini_sent_is_kept_and_missing_arguments_are_an_empty_object() {
        ChatResult result = decode("""
                {"candidates": [{"content": {"parts": [{"functionCall": {"id": "gm-7", "name": "now"}}], "role": "model"},
                 "finishReason": "STOP", "index": 0}], "responseId": "r1"}""");

        assertThat(result.content()).containsExactly(new ChatRequest.ToolCall("gm-7", "now", json("{}")));
    }

    @Test
    void a_prompt_blocked_before_any_candidate_is_a_content_filter_stop_with_no_content() {
        ChatResult result = dialect.decodeResponse(GeminiWire.bytes("generate-content-prompt-blocked.json"));

        assertThat(result.stopReason()).isEqualTo(StopReason.CONTENT_FILTER);
        assertThat(result.content()).isEmpty();
        assertThat(result.usage()).isEqualTo(new TokenUsage(12, 0, 0, 0, 0));
    }

    @Test
    void an_answer_stopped_for_safety_is_a_content_filter_stop() {
        ChatResult result = dialect.decodeResponse(GeminiWire.bytes("generate-content-safety-stopped.json"));

        assertThat(result.stopReason()).isEqualTo(StopReason.CONTENT_FILTER);
        assertThat(result.content()).isEmpty();
        assertThat(result.model()).isEqualTo("gemini-2.0-flash");
    }

    @ParameterizedTest
    @CsvSource({
            "STOP, END_TURN", "MAX_TOKENS, MAX_TOKENS", "SAFETY, CONTENT_FILTER", "RECITATION, CONTENT_FILTER",
            "BLOCKLIST, CONTENT_FILTER", "PROHIBITED_CONTENT, CONTENT_FILTER", "SPII, CONTENT_FILTER",
            "IMAGE_SAFETY, CONTENT_FILTER", "MALFORMED_FUNCTION_CALL, OTHER", "LANGUAGE, OTHER", "OTHER, OTHER",
            "FINISH_REASON_UNSPECIFIED, OTHER"})
    void finish_reasons_map_to_stop_reasons(String finishReason, StopReason expected) {
        ChatResult result = decode("""
                {"candidates": [{"content": {"parts": [{"text": "x"}], "role": "model"}, "finishReason": "%s"}]}"""
                .formatted(finishReason));

        assertThat(result.stopReason()).isEqualTo(expected);
    }

    @Test
    void adjacent_text_parts_join_and_an_answer_without_a_response_id_gets_one() {
        ChatResult result = decode("""
                {"candidates": [{"content": {"parts": [{"text": "Hel"}, {"text": "lo", "thoughtSignature": "c2ln"}], "role": "model"},
                 "finishReason": "STOP"}]}""");

        assertThat(result.content()).containsExactly(ChatRequest.Text.of("Hello"));
        assertThat(result.id()).startsWith("gemini-");
        assertThat(result.usage()).isNull();
    }

    @Test
    void cached_counts_larger_than_the_prompt_are_clamped_rather_than_failing_the_answer() {
        ChatResult result = decode("""
                {"candidates": [], "usageMetadata": {"promptTokenCount": 10, "cachedContentTokenCount": 50, "candidatesTokenCount": 3}}""");

        assertThat(result.usage()).isEqualTo(new TokenUsage(10, 10, 0, 3, 0));
    }

    @Test
    void a_body_that_is_not_json_is_an_unavailable_upstream() {
        assertThatThrownBy(() -> decode("<html>502 Bad Gateway</html>"))
                .isInstanceOf(GatewayException.UpstreamUnavailable.class)
                .hasMessage("Gemini sent an answer that is not a JSON object.");
    }
}
