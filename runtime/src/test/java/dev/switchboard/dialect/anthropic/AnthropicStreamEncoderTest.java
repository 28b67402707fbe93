package dev.switchboard.dialect.anthropic;

import static dev.switchboard.dialect.anthropic.AnthropicStreamDecoderTest.NOW;
import static dev.switchboard.dialect.anthropic.AnthropicStreamDecoderTest.decodeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEvent.Ended;
import dev.switchboard.chat.ChatEvent.Finished;
import dev.switchboard.chat.ChatEvent.Started;
import dev.switchboard.chat.ChatEvent.TextDelta;
import dev.switchboard.chat.ChatEvent.ToolArgumentsDelta;
import dev.switchboard.chat.ChatEvent.ToolCallStarted;
import dev.switchboard.chat.ChatEvent.Usage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.StopReason;
import dev.switchboard.dialect.StreamEncoder;
import dev.switchboard.error.GatewayException;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.testing.AnthropicWire;
import dev.switchboard.usage.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicStreamEncoderTest {
    private static final ChatRequest REQUEST = new ChatRequest("m", List.of(),
            List.of(new ChatRequest.Message(ChatRequest.Role.USER, List.of(ChatRequest.Text.of("hi")))),
            List.of(), null, null, null, null, null, null, List.of(), null, null, true, null, null);
    private final AnthropicDialect dialect = new AnthropicDialect(InstantSource.fixed(Instant.ofEpochSecond(NOW)));

    private byte[] encodeAll(List<ChatEvent> events, BigDecimal cost) {
        StreamEncoder encoder = dialect.newStreamEncoder(REQUEST);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ChatEvent event : events) {
            encoder.encode(event, event instanceof Usage ? cost : null).forEach(out::writeBytes);
        }
        return out.toByteArray();
    }

    /**
     * The event names of a recording, less what carries nothing the neutral events keep: pings,
     * the empty first fragment of each tool call's arguments, and redacted-thinking blocks.
     */
    private static List<String> meaningfulNames(String recording) {
        List<String> names = new ArrayList<>();
        String skippedStop = null;
        for (SseEventReader.Event event : AnthropicWire.events(recording)) {
            String data = data(event);
            if (data.contains("\"redacted_thinking\"")) {
                skippedStop = "{\"type\":\"content_block_stop\"," + data.substring(data.indexOf("\"index\""), data.indexOf(",\"content_block\"")) + "}";
            } else if (!data.contains("\"ping\"") && !data.contains("\"partial_json\":\"\"") && !data.equals(skippedStop)) {
                names.add(AnthropicWire.eventNames(List.of(event)).getFirst());
            }
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse"})
    void a_decoded_recording_encodes_to_anthropics_event_sequence_and_decodes_to_the_same_events(String recording) {
        List<ChatEvent> events = decodeAll(dialect.newStreamDecoder(), AnthropicWire.events(recording));

        List<SseEventReader.Event> encoded = AnthropicWire.split(encodeAll(events, null));

        assertThat(decodeAll(dialect.newStreamDecoder(), encoded)).isEqualTo(events);
        assertThat(AnthropicWire.eventNames(encoded)).isEqualTo(meaningfulNames(recording));
    }

    @Test
    void a_text_stream_is_written_byte_for_byte_in_anthropics_format() {
        List<ChatEvent> events = List.of(
                new Started("msg_1", "claude-x", NOW),
                new Usage(new TokenUsage(30, 20, 0, 1, 0)),
                new TextDelta("Hi"),
                new Finished(StopReason.STOP_SEQUENCE, "END"),
                new Usage(new TokenUsage(30, 20, 0, 5, 0)),
                new Ended());

        assertThat(new String(encodeAll(events, new BigDecimal("0.00012")), StandardCharsets.UTF_8)).isEqualTo("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":20,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":20,"output_tokens":5,"cost_usd":0.00012}}

                event: message_stop
                data: {"type":"message_stop"}

                """);
    }

    @Test
    void an_openai_style_stream_with_usage_last_gets_message_start_without_input_and_message_delta_with_all_usage() {
        List<ChatEvent> events = List.of(
                new Started("chatcmpl-1", "gpt-4o", NOW),
                new ToolCallStarted(0, "call_a", "f"),
                new ToolArgumentsDelta(0, "{\"x\":"),
                new ToolArgumentsDelta(0, "1}"),
                new ToolCallStarted(1, "call_b", "g"),
                new Finished(StopReason.TOOL_CALLS, null),
                new Usage(new TokenUsage(100, 64, 0, 20, 0)),
                new Ended());

        List<SseEventReader.Event> encoded = AnthropicWire.split(encodeAll(events, new BigDecimal("0.5")));

        assertThat(AnthropicWire.eventNames(encoded)).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_stop", "message_delta", "message_stop");
        assertThat(data(encoded.get(0))).contains("\"id\":\"msg_chatcmpl-1\"").contains("\"input_tokens\":0");
        assertThat(data(encoded.get(1))).contains("\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"call_a\",\"name\":\"f\",\"input\":{}}");
        assertThat(data(encoded.get(2))).contains("{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"x\\\":\"}");
        assertThat(data(encoded.get(5))).contains("\"index\":1");
        assertThat(data(encoded.get(7))).isEqualTo("""
                {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},\
                "usage":{"input_tokens":36,"cache_creation_input_tokens":0,"cache_read_input_tokens":64,"output_tokens":20,"cost_usd":0.5}}""");
    }

    @Test
    void usage_reported_before_the_stop_reason_waits_for_the_end_of_the_stream() {
        StreamEncoder encoder = dialect.newStreamEncoder(REQUEST);
        encoder.encode(new Started("g1", "gemini-2.5-flash", NOW), null);
        encoder.encode(new TextDelta("Hi"), null);
        encoder.encode(new Usage(new TokenUsage(8, 0, 0, 2, 0)), null);

        assertThat(names(encoder.encode(new Finished(StopReason.END_TURN, null), null))).containsExactly("content_block_stop");
        List<byte[]> end = encoder.encode(new Ended(), new BigDecimal("0.001"));

        assertThat(names(end)).containsExactly("message_delta", "message_stop");
        assertThat(new String(end.getFirst(), StandardCharsets.UTF_8)).contains("\"output_tokens\":2,\"cost_usd\":0.001");
    }

    @Test
    void text_after_thinking_closes_the_thinking_block_first() {
        StreamEncoder encoder = dialect.newStreamEncoder(REQUEST);
        encoder.encode(new Started("m1", "m", NOW), null);
        encoder.encode(new ChatEvent.ThinkingDelta("hmm"), null);

        assertThat(names(encoder.encode(new TextDelta("A"), null))).containsExactly("content_block_stop", "content_block_start", "content_block_delta");
    }

    @Test
    void arguments_for_a_tool_call_whose_block_is_closed_end_the_stream_with_an_error() {
        StreamEncoder encoder = dialect.newStreamEncoder(REQUEST);
        encoder.encode(new Started("m1", "m", NOW), null);
        encoder.encode(new ToolCallStarted(0, "a", "f"), null);
        encoder.encode(new ToolCallStarted(1, "b", "f"), null);

        assertThatThrownBy(() -> encoder.encode(new ToolArgumentsDelta(0, "{}"), null))
                .isInstanceOf(GatewayException.UpstreamUnavailable.class);
    }

    @Test
    void a_failure_after_the_start_is_an_anthropic_error_event() {
        StreamEncoder encoder = dialect.newStreamEncoder(REQUEST);

        List<byte[]> events = encoder.error(new GatewayException.UpstreamRejected(429, "Slow down", "rate_limit_error", null, null, null));

        assertThat(new String(events.getFirst(), StandardCharsets.UTF_8)).isEqualTo("""
                event: error
                data: {"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}}

                """);
    }

    private static List<String> names(List<byte[]> events) {
        List<String> names = new ArrayList<>();
        for (byte[] event : events) {
            String text = new String(event, StandardCharsets.UTF_8);
            names.add(text.substring("event: ".length(), text.indexOf('\n')));
        }
        return names;
    }

    private static String data(SseEventReader.Event event) {
        return new String(event.data(), StandardCharsets.UTF_8);
    }
}
