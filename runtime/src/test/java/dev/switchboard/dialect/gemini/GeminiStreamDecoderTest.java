package dev.switchboard.dialect.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.StopReason;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.error.GatewayException;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.testing.GeminiWire;
import dev.switchboard.usage.TokenUsage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiStreamDecoderTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_750_000_000);
    private final StreamDecoder decoder = new GeminiDialect(Clock.fixed(NOW, ZoneOffset.UTC)).newStreamDecoder();

    private List<ChatEvent> decodeAll(byte[] sse) throws IOException {
        SseEventReader reader = new SseEventReader(new ByteArrayInputStream(sse));
        List<ChatEvent> events = new ArrayList<>();
        for (SseEventReader.Event event = reader.next(); event != null; event = reader.next()) {
            events.addAll(decoder.decode(event));
        }
        return events;
    }

    private List<ChatEvent> decodeAll(String sse) throws IOException {
        return decodeAll(sse.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_streamed_answer_is_started_then_thinking_and_text_then_finished_used_and_ended() throws IOException {
        List<ChatEvent> events = decodeAll(GeminiWire.bytes("stream-text.sse"));

        TokenUsage thinkingSoFar = new TokenUsage(9, 0, 0, 62, 62);
        assertThat(events).containsExactly(
                new ChatEvent.Started("Dh8yaP2UH5Gp1MkPnd2y8Ak", "gemini-2.5-flash", NOW.getEpochSecond()),
                new ChatEvent.ThinkingDelta("**Finding the capital**\n\nFrance's capital is Paris; answer briefly.\n"),
                new ChatEvent.Usage(thinkingSoFar),
                new ChatEvent.TextDelta("The capital of France"),
                new ChatEvent.Usage(thinkingSoFar),
                new ChatEvent.TextDelta(" is Paris."),
                new ChatEvent.Finished(StopReason.END_TURN, null),
                new ChatEvent.Usage(new TokenUsage(9, 0, 0, 69, 62)),
                new ChatEvent.Ended());
    }

    @Test
    void each_streamed_function_call_starts_a_tool_call_with_all_its_arguments_at_once() throws IOException {
        List<ChatEvent> events = decodeAll(GeminiWire.bytes("stream-function-calls.sse"));

        assertThat(events).hasSize(8);
        ChatEvent.ToolCallStarted weather = (ChatEvent.ToolCallStarted) events.get(1);
        ChatEvent.ToolCallStarted time = (ChatEvent.ToolCallStarted) events.get(3);
        assertThat(weather.index()).isZero();
        assertThat(weather.name()).isEqualTo("get_weather");
        assertThat(time.index()).isEqualTo(1);
        assertThat(time.name()).isEqualTo("get_time");
        assertThat(weather.id()).startsWith("call_").isNotEqualTo(time.id());
        assertThat(events.subList(2, 3)).containsExactly(new ChatEvent.ToolArgumentsDelta(0, "{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
        assertThat(events.subList(4, 8)).containsExactly(
                new ChatEvent.ToolArgumentsDelta(1, "{\"timezone\":\"Europe/Paris\"}"),
                new ChatEvent.Finished(StopReason.TOOL_CALLS, null),
                new ChatEvent.Usage(new TokenUsage(121, 0, 0, 109, 68)),
                new ChatEvent.Ended());
    }

    @Test
    void tool_call_indices_keep_counting_across_chunks() throws IOException {
        List<ChatEvent> events = decodeAll("""
                data: {"candidates": [{"content": {"parts": [{"functionCall": {"name": "a", "args": {}}}], "role": "model"}}]}

                data: {"candidates": [{"content": {"parts": [{"functionCall": {"name": "b", "args": {"x": 1}}}], "role": "model"}, "finishReason": "STOP"}]}

                """);

        assertThat(events).filteredOn(ChatEvent.ToolCallStarted.class::isInstance)
                .extracting(event -> ((ChatEvent.ToolCallStarted) event).index()).containsExactly(0, 1);
        assertThat(events).contains(new ChatEvent.ToolArgumentsDelta(1, "{\"x\":1}"));
    }

    @Test
    void a_stream_that_breaks_off_before_the_finishing_chunk_never_reports_its_end() throws IOException {
        String stream = GeminiWire.payload("stream-text.sse");
        String firstTwoChunks = stream.substring(0, stream.lastIndexOf("data: "));

        assertThat(decodeAll(firstTwoChunks))
                .noneMatch(event -> event instanceof ChatEvent.Finished || event instanceof ChatEvent.Ended);
    }

    @Test
    void a_blocked_prompt_finishes_the_stream_with_a_content_filter_stop() throws IOException {
        List<ChatEvent> events = decodeAll("data: " + GeminiWire.payload("generate-content-prompt-blocked.json").replace("\n", "") + "\n\n");

        assertThat(events).containsExactly(
                new ChatEvent.Started("Uh8yaKSKAcP-1MkP1OHVuQ0", "gemini-2.5-flash", NOW.getEpochSecond()),
                new ChatEvent.Finished(StopReason.CONTENT_FILTER, null),
                new ChatEvent.Usage(new TokenUsage(12, 0, 0, 0, 0)),
                new ChatEvent.Ended());
    }

    @Test
    void an_error_event_in_the_stream_is_thrown_with_its_own_status_and_retry_delay() {
        SseEventReader.Event error = new SseEventReader.Event(new byte[0], """
                {"error": {"code": 503, "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE",
                 "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1.5s"}]}}"""
                .getBytes(StandardCharsets.UTF_8));

        GatewayException.UpstreamRejected rejected = catchThrowableOfType(GatewayException.UpstreamRejected.class,
                () -> decoder.decode(error));

        assertThat(rejected.status()).isEqualTo(503);
        assertThat(rejected).hasMessage("The model is overloaded. Please try again later.");
        assertThat(rejected.code()).contains("UNAVAILABLE");
        assertThat(rejected.retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(rejected.retryable()).isTrue();
    }

    @Test
    void an_event_without_data_means_nothing() {
        assertThat(decoder.decode(new SseEventReader.Event(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8), null))).isEmpty();
    }
}
