package dev.switchboard.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.chat.ChatRequest.Text;
import dev.switchboard.chat.ChatRequest.Thinking;
import dev.switchboard.chat.ChatRequest.ToolCall;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.chat.StopReason;
import dev.switchboard.error.GatewayException;
import dev.switchboard.testing.AnthropicWire;
import dev.switchboard.usage.TokenUsage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicResponseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_760_000_000L;
    private final AnthropicDialect dialect = new AnthropicDialect(InstantSource.fixed(Instant.ofEpochSecond(NOW)));

    @Test
    void a_text_message_is_decoded_with_cache_tokens_counted_into_the_input() {
        ChatResult result = dialect.decodeResponse(AnthropicWire.bytes("message-text.json"));

        assertThat(result.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(result.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(result.content()).containsExactly(
                Text.of("Paris is the capital of France. It has been the country's capital since 987, apart from a few interruptions."));
        assertThat(result.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(result.stopSequence()).isNull();
        // 21 uncached + 4096 read + 1536 written.
        assertThat(result.usage()).isEqualTo(new TokenUsage(5653, 4096, 1536, 31, 0));
        assertThat(result.created()).isEqualTo(NOW);
    }

    @Test
    void parallel_tool_use_blocks_become_tool_calls_in_order() throws Exception {
        ChatResult result = dialect.decodeResponse(AnthropicWire.bytes("message-tool-use.json"));

        assertThat(result.stopReason()).isEqualTo(StopReason.TOOL_CALLS);
        assertThat(result.content()).containsExactly(
                Text.of("I'll check the weather in both cities for you."),
                new ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", JSON.readTree("{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}")),
                new ToolCall("toolu_01B2d8Hrx5XkPjJ4wPzbYw3n", "get_weather", JSON.readTree("{\"location\":\"New York, NY\",\"unit\":\"celsius\"}")));
        assertThat(result.usage()).isEqualTo(new TokenUsage(412, 0, 0, 127, 0));
    }

    @Test
    void thinking_and_redacted_thinking_are_kept_with_their_signature() {
        ChatResult result = dialect.decodeResponse(AnthropicWire.bytes("message-thinking.json"));

        assertThat(result.content()).containsExactly(
                new Thinking("The user asks for 27 * 453. 27 * 453 = 27 * 400 + 27 * 53 = 10800 + 1431 = 12231.",
                        "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds4Nso3gGV2p6aMvUwC7Z3Xq0N8d4dVy9m2Y6tFkq5Jc8b3pYhQ==", false),
                new Thinking("EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vQ==", null, true),
                Text.of("27 × 453 = 12,231."));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"end_turn, END_TURN", "max_tokens, MAX_TOKENS", "stop_sequence, STOP_SEQUENCE", "tool_use, TOOL_CALLS",
            "pause_turn, OTHER", "refusal, CONTENT_FILTER", "model_context_window_exceeded, MAX_TOKENS"})
    void each_stop_reason_is_mapped(String anthropic, StopReason neutral) {
        String body = "{\"id\":\"msg_1\",\"model\":\"m\",\"content\":[],\"stop_reason\":\"" + anthropic + "\",\"stop_sequence\":null}";

        assertThat(dialect.decodeResponse(body.getBytes(StandardCharsets.UTF_8)).stopReason()).isEqualTo(neutral);
    }

    @Test
    void the_stop_sequence_that_ended_the_answer_is_kept() {
        String body = "{\"id\":\"msg_1\",\"model\":\"m\",\"content\":[],\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"END\"}";

        assertThat(dialect.decodeResponse(body.getBytes(StandardCharsets.UTF_8)).stopSequence()).isEqualTo("END");
    }

    @Test
    void a_body_that_is_not_a_message_is_a_502() {
        assertThatThrownBy(() -> dialect.decodeResponse("<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GatewayException.UpstreamUnavailable.class);
        assertThatThrownBy(() -> dialect.decodeResponse("{\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GatewayException.UpstreamUnavailable.class);
    }

    @Test
    void an_answer_is_encoded_exactly_as_anthropic_returns_it_with_the_cost_inside_usage() {
        ChatResult result = new ChatResult("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", "gpt-4o-2024-08-06",
                List.of(Text.of("Hi!"), new ToolCall("call_1", "lookup", JSON.createObjectNode().put("q", "x"))),
                StopReason.TOOL_CALLS, null, new TokenUsage(2006, 1920, 0, 300, 0), 1741569952);

        String body = new String(dialect.encodeResponse(result, new BigDecimal("0.004215")), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("""
                {"id":"msg_chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","type":"message","role":"assistant","model":"gpt-4o-2024-08-06",\
                "content":[{"type":"text","text":"Hi!"},{"type":"tool_use","id":"call_1","name":"lookup","input":{"q":"x"}}],\
                "stop_reason":"tool_use","stop_sequence":null,\
                "usage":{"input_tokens":86,"cache_creation_input_tokens":0,"cache_read_input_tokens":1920,"output_tokens":300,"cost_usd":0.004215}}""");
    }

    @Test
    void without_usage_or_cost_the_counters_are_zero_and_no_cost_is_written() throws Exception {
        ChatResult result = new ChatResult("msg_1", "m", List.of(Text.of("x")), StopReason.OTHER, null, null, 0);

        JsonNode body = JSON.readTree(dialect.encodeResponse(result, null));

        assertThat(body.path("usage")).isEqualTo(JSON.readTree(
                "{\"input_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":0}"));
        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    void unsigned_reasoning_from_another_vendor_gets_an_empty_signature() throws Exception {
        ChatResult result = new ChatResult("r1", "deepseek-reasoner", List.of(new Thinking("hmm", null, false), Text.of("4")),
                StopReason.END_TURN, null, null, 0);

        assertThat(JSON.readTree(dialect.encodeResponse(result, null)).path("content").get(0))
                .isEqualTo(JSON.readTree("{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"\"}"));
    }

    @ParameterizedTest
    @CsvSource({"message-text.json", "message-tool-use.json", "message-thinking.json"})
    void a_recorded_message_survives_decoding_and_encoding_again(String name) throws Exception {
        JsonNode original = JSON.readTree(AnthropicWire.bytes(name));

        JsonNode again = JSON.readTree(dialect.encodeResponse(dialect.decodeResponse(AnthropicWire.bytes(name)), null));

        // The usage breakdown by cache lifetime and the service tier are Anthropic's extras, not usage.
        ((ObjectNode) original.path("usage")).remove(List.of("cache_creation", "service_tier"));
        assertThat(again).isEqualTo(original);
    }
}
