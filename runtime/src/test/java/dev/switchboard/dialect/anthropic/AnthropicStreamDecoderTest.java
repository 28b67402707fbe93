package dev.switchboard.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEvent.Ended;
import dev.switchboard.chat.ChatEvent.Finished;
import dev.switchboard.chat.ChatEvent.Started;
import dev.switchboard.chat.ChatEvent.TextDelta;
import dev.switchboard.chat.ChatEvent.ThinkingDelta;
import dev.switchboard.chat.ChatEvent.ThinkingSignature;
import dev.switchboard.chat.ChatEvent.ToolArgumentsDelta;
import dev.switchboard.chat.ChatEvent.ToolCallStarted;
import dev.switchboard.chat.ChatEvent.Usage;
import dev.switchboard.chat.StopReason;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.error.GatewayException;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.testing.AnthropicWire;
import dev.switchboard.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamDecoderTest {
    static final long NOW = 1_760_000_000L;
    private final AnthropicDialect dialect = new AnthropicDialect(InstantSource.fixed(Instant.ofEpochSecond(NOW)));

    static List<ChatEvent> decodeAll(StreamDecoder decoder, List<SseEventReader.Event> events) {
        List<ChatEvent> decoded = new ArrayList<>();
        for (SseEventReader.Event event : events) {
            decoded.addAll(decoder.decode(event));
        }
        return decoded;
    }

    private List<ChatEvent> decode(String recording) {
        return decodeAll(dialect.newStreamDecoder(), AnthropicWire.events(recording));
    }

    @Test
    void a_streamed_text_answer_becomes_neutral_events_with_usage_combined_across_start_and_delta() {
        assertThat(decode("stream-text.sse")).containsExactly(
                new Started("msg_014p7gG3wDgGV9EUtLvnow3U", "claude-sonnet-4-5-20250929", NOW),
                new Usage(new TokenUsage(2520, 2048, 0, 2, 0)),
                new TextDelta("Hello"),
                new TextDelta("! How can I"),
                new TextDelta(" help you today?"),
                new Finished(StopReason.END_TURN, null),
                // message_delta carried only output_tokens: the input counts are message_start's.
                new Usage(new TokenUsage(2520, 2048, 0, 12, 0)),
                new Ended());
    }

    @Test
    void tool_use_blocks_are_numbered_by_tool_call_not_by_content_block() {
        assertThat(decode("stream-tool-use.sse")).containsExactly(
                new Started("msg_01QJ9xNnYRzdd8rWBqoU8Y2m", "claude-sonnet-4-5-20250929", NOW),
                new Usage(new TokenUsage(1657, 0, 1024, 1, 0)),
                new TextDelta("Let me check both cities."),
                new ToolCallStarted(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
                new ToolArgumentsDelta(0, "{\"location\": \"San Fra"),
                new ToolArgumentsDelta(0, "ncisco, CA\", \"unit\": \"celsius\"}"),
                new ToolCallStarted(1, "toolu_01PmXq8Rk3S2v5wNcbLzQ7aT", "get_weather"),
                new ToolArgumentsDelta(1, "{\"location\": \"New York, NY\"}"),
                new Finished(StopReason.TOOL_CALLS, null),
                new Usage(new TokenUsage(1657, 0, 1024, 89, 0)),
                new Ended());
    }

    @Test
    void thinking_streams_as_deltas_then_its_signature_and_redacted_thinking_yields_nothing() {
        assertThat(decode("stream-thinking.sse")).containsExactly(
                new Started("msg_01Ur9Jcm6BxDbPkb7WXh4mYt", "claude-sonnet-4-5-20250929", NOW),
                new Usage(new TokenUsage(49, 0, 0, 4, 0)),
                new ThinkingDelta("27 * 453 = 27 * 400 + 27 * 53"),
                new ThinkingDelta(" = 10800 + 1431 = 12231."),
                new ThinkingSignature("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds4Nso3gGV2p6aMvUwC7Z3Xq0N8d4dVy9m2Y6tFkq5Jc8b3pYhQ=="),
                new TextDelta("27 × 453 = 12,231."),
                new Finished(StopReason.END_TURN, null),
                new Usage(new TokenUsage(49, 0, 0, 188, 0)),
                new Ended());
    }

    @Test
    void an_error_event_inside_the_stream_is_thrown_with_the_status_of_its_type() {
        StreamDecoder decoder = dialect.newStreamDecoder();
        List<SseEventReader.Event> events = AnthropicWire.events("stream-overloaded.sse");

        assertThat(decoder.decode(events.get(0))).hasSize(2);
        assertThatThrownBy(() -> decoder.decode(events.get(1)))
                .isInstanceOfSatisfying(GatewayException.UpstreamRejected.class, e -> {
                    assertThat(e.status()).isEqualTo(529);
                    assertThat(e.type()).contains("overloaded_error");
                    assertThat(e.getMessage()).isEqualTo("Overloaded");
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void pings_comments_and_unknown_event_types_yield_nothing() {
        assertThat(decodeAll(dialect.newStreamDecoder(), AnthropicWire.split("""
                event: ping
                data: {"type": "ping"}

                : keep-alive

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{}}}

                event: brand_new_event
                data: {"type":"brand_new_event"}

                """.getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }

    @Test
    void a_stream_event_that_is_not_json_is_a_502() {
        assertThatThrownBy(() -> dialect.newStreamDecoder().decode(AnthropicWire.split("data: {oops\n\n".getBytes(StandardCharsets.UTF_8)).getFirst()))
                .isInstanceOf(GatewayException.UpstreamUnavailable.class);
    }
}
