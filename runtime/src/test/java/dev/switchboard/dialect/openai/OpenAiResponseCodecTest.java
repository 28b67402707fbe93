package dev.switchboard.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.chat.ChatRequest.Text;
import dev.switchboard.chat.ChatRequest.Thinking;
import dev.switchboard.chat.ChatRequest.ToolCall;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.chat.StopReason;
import dev.switchboard.error.GatewayException;
import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.usage.TokenUsage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiResponseCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenAiDialect DIALECT = new OpenAiDialect();

    private static ChatResult decode(String json) {
        return DIALECT.decodeResponse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_recorded_completion_decodes_with_cached_tokens_counted_in_the_input() {
        ChatResult result = decode(OpenAiUpstream.payload("chat-completion.json"));

        assertThat(result).isEqualTo(new ChatResult("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "gpt-4o-mini-2024-07-18",
                List.of(Text.of("The capital of France is Paris.")), StopReason.END_TURN, null,
                new TokenUsage(2006, 1920, 0, 10, 0), 1741569952));
    }

    @Test
    void recorded_tool_calls_decode_with_their_arguments_as_objects() throws Exception {
        ChatResult result = decode(OpenAiUpstream.payload("chat-completion-tool-calls.json"));

        assertThat(result.stopReason()).isEqualTo(StopReason.TOOL_CALLS);
        assertThat(result.content()).containsExactly(
                new ToolCall("call_9pw1qnYScqvGrCH58HWCvFH6", "get_weather", JSON.readTree("{\"location\":\"Paris, France\",\"unit\":\"celsius\"}")),
                new ToolCall("call_R3nm2Q0jLjV8IdWPp8SEvRlh", "get_weather", JSON.readTree("{\"location\":\"Tokyo, Japan\",\"unit\":\"celsius\"}")));
    }

    @Test
    void of_several_choices_the_first_is_the_answer() {
        assertThat(decode(OpenAiUpstream.payload("chat-completion-json-schema-n2.json")).content())
                .containsExactly(Text.of("{\"subject\":\"a red bicycle\",\"colors\":[\"red\",\"black\"]}"));
    }

    @Test
    void deepseek_reasoning_and_usage_spellings_are_read() {
        ChatResult result = decode("""
                {"id":"a1","object":"chat.completion","created":1737000000,"model":"deepseek-reasoner",
                 "choices":[{"index":0,"message":{"role":"assistant","reasoning_content":"9.11 < 9.9","content":"9.9 is larger."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":20,"completion_tokens":60,"total_tokens":80,"prompt_cache_hit_tokens":16,"prompt_cache_miss_tokens":4,
                          "completion_tokens_details":{"reasoning_tokens":45}}}""");

        assertThat(result.content()).containsExactly(new Thinking("9.11 < 9.9", null, false), Text.of("9.9 is larger."));
        assertThat(result.usage()).isEqualTo(new TokenUsage(20, 16, 0, 60, 45));
    }

    @Test
    void a_refusal_becomes_text_and_finish_reasons_map_to_stop_reasons() {
        ChatResult refused = decode("""
                {"id":"r","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"content_filter"}]}""");
        ChatResult cut = decode("""
                {"id":"c","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Once upon"},"finish_reason":"length"}]}""");

        assertThat(refused.content()).containsExactly(Text.of("I can't help with that."));
        assertThat(refused.stopReason()).isEqualTo(StopReason.CONTENT_FILTER);
        assertThat(refused.usage()).isNull();
        assertThat(cut.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    }

    @Test
    void a_stop_sequence_named_by_vllm_is_reported() {
        ChatResult result = decode("""
                {"id":"v","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"1, 2"},"finish_reason":"stop","stop_reason":", 3"}]}""");

        assertThat(result.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
        assertThat(result.stopSequence()).isEqualTo(", 3");
    }

    @Test
    void arguments_that_are_not_json_are_kept_as_written_and_go_back_out_unchanged() {
        ChatResult result = decode("""
                {"id":"t","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,
                 "tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\\"a\\": 1, \\"b"}}]},"finish_reason":"length"}]}""");

        assertThat(((ToolCall) result.content().get(0)).arguments()).isEqualTo(TextNode.valueOf("{\"a\": 1, \"b"));
        assertThat(new String(DIALECT.encodeResponse(result, null), StandardCharsets.UTF_8)).contains("\"arguments\":\"{\\\"a\\\": 1, \\\"b\"");
    }

    /** Regression (issue 14): only the first object was read, and the client was shown arguments the model never wrote. */
    @Test
    void arguments_holding_two_json_objects_are_kept_as_written_rather_than_cut_to_the_first() {
        ChatResult result = decode("""
                {"id":"t","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,
                 "tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}{\\"b\\":2}"}}]},"finish_reason":"tool_calls"}]}""");

        assertThat(((ToolCall) result.content().get(0)).arguments()).isEqualTo(TextNode.valueOf("{\"a\":1}{\"b\":2}"));
    }

    @Test
    void a_body_without_choices_is_not_a_completion() {
        assertThatThrownBy(() -> decode("{\"object\":\"list\",\"data\":[]}")).isInstanceOf(GatewayException.UpstreamUnavailable.class);
        assertThatThrownBy(() -> decode("<html>")).isInstanceOf(GatewayException.UpstreamUnavailable.class);
    }

    @Test
    void an_answer_encodes_as_a_chat_completion_with_reasoning_tool_calls_and_priced_usage() throws Exception {
        ChatResult result = new ChatResult("msg_01", "claude-sonnet-4-5", List.of(
                new Thinking("Paris is in France.", "EqQBCkgIARABGAIiQL", false),
                new Thinking("opaque", null, true),
                Text.of("Let me check."),
                new ToolCall("toolu_01", "get_weather", JSON.readTree("{\"location\":\"Paris\"}"))),
                StopReason.TOOL_CALLS, null, new TokenUsage(2100, 1800, 200, 90, 30), 1741569952);

        String json = new String(DIALECT.encodeResponse(result, new BigDecimal("0.001234")), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo(JSON.readTree("""
                {"id":"msg_01","object":"chat.completion","created":1741569952,"model":"claude-sonnet-4-5",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Let me check.","reasoning_content":"Paris is in France.",
                   "tool_calls":[{"id":"toolu_01","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}],
                   "refusal":null},"logprobs":null,"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":2100,"completion_tokens":90,"total_tokens":2190,
                   "prompt_tokens_details":{"cached_tokens":1800,"cache_write_tokens":200},
                   "completion_tokens_details":{"reasoning_tokens":30},"cost_usd":0.001234}}""").toString());
    }

    @Test
    void an_encoded_answer_decodes_back_to_the_same_result() {
        ChatResult result = new ChatResult("id-1", "gemini-2.5-pro", List.of(new Thinking("hmm", null, false), Text.of("Hello.")),
                StopReason.MAX_TOKENS, null, new TokenUsage(10, 4, 2, 8, 3), 1700000000);

        assertThat(DIALECT.decodeResponse(DIALECT.encodeResponse(result, null))).isEqualTo(result);
    }

    @Test
    void errors_use_openais_shape_both_ways() {
        GatewayException.UpstreamRejected rejected = DIALECT.decodeError(429,
                OpenAiUpstream.payload("error-rate-limit.json").getBytes(StandardCharsets.UTF_8), Optional.of("2"));

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.retryAfter()).isPresent();
        assertThat(new String(DIALECT.encodeError(new GatewayException.InvalidRequest("bad", "n")), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":\"n\",\"code\":null}}");
    }
}
