package dev.switchboard.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.dialect.anthropic.AnthropicDialect;
import dev.switchboard.dialect.gemini.GeminiDialect;
import dev.switchboard.dialect.openai.OpenAiDialect;
import dev.switchboard.error.GatewayException;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.testing.AnthropicWire;
import dev.switchboard.testing.Wire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regression (issue 14): every stream decoder read only the first JSON value of an event's data,
 * so two events merged into one were half-read without error and the second one's text, tool call
 * or end was lost. Each pair of neighbouring events of each recorded stream is merged here in the
 * ways a stream gets mangled on its way, and each merged event must be refused as not the
 * upstream's protocol (the gateway's 502, or an error event once the answer has begun).
 * {@link dev.switchboard.e2e.MergedUpstreamEventsTest} shows what a client sees.
 */
class MergedStreamEventsTest {

    /** A recorded stream of each upstream format, and the dialect that decodes it. */
    enum Recording {
        OPENAI(new OpenAiDialect(), "openai/chat-stream-text.sse"),
        OPENAI_TOOL_CALLS(new OpenAiDialect(), "openai/chat-stream-tool-calls.sse"),
        ANTHROPIC(new AnthropicDialect(), "anthropic/stream-text.sse"),
        ANTHROPIC_TOOL_USE(new AnthropicDialect(), "anthropic/stream-tool-use.sse"),
        GEMINI(new GeminiDialect(), "gemini/stream-text.sse"),
        GEMINI_AFTER_A_TOOL_RESULT(new GeminiDialect(), "matrix/gemini-weather-answer.sse");

        private final UpstreamDialect dialect;
        private final String path;

        Recording(UpstreamDialect dialect, String path) {
            this.dialect = dialect;
            this.path = path;
        }

        /** The data of each event, in order. */
        List<String> data() {
            List<String> data = new ArrayList<>();
            for (SseEventReader.Event event : events(Wire.bytes(path))) {
                if (event.data() != null) {
                    data.add(new String(event.data(), StandardCharsets.UTF_8));
                }
            }
            return data;
        }
    }

    /** How two events' data end up in one event. */
    enum Merge {
        /** The blank line between them lost: the reader joins both data lines with a line feed. */
        BLANK_LINE_LOST("data: %s\ndata: %s\n\n"),
        /** Both values on one data line. */
        ONE_LINE("data: %s%s\n\n"),
        /** Every line break between them lost: the second's field name is left inside the first's data. */
        LINE_BREAKS_LOST("data: %sdata: %s\n\n");

        private final String format;

        Merge(String format) {
            this.format = format;
        }

        SseEventReader.Event of(String first, String second) {
            List<SseEventReader.Event> events = events(format.formatted(first, second).getBytes(StandardCharsets.UTF_8));
            assertThat(events).hasSize(1);
            return events.getFirst();
        }
    }

    static Stream<Arguments> recordingsAndMerges() {
        return Arrays.stream(Recording.values()).flatMap(r -> Arrays.stream(Merge.values()).map(m -> Arguments.of(r, m)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("recordingsAndMerges")
    void two_recorded_events_merged_into_one_are_not_the_upstreams_protocol_wherever_they_fall(Recording recording, Merge merge) {
        List<String> data = recording.data();
        assertThat(data).hasSizeGreaterThan(1);
        for (int i = 0; i + 1 < data.size(); i++) {
            StreamDecoder decoder = recording.dialect.newStreamDecoder();
            for (String before : data.subList(0, i)) {
                decoder.decode(event(before));
            }
            SseEventReader.Event merged = merge.of(data.get(i), data.get(i + 1));

            assertThatThrownBy(() -> decoder.decode(merged)).as("events %d and %d merged", i, i + 1)
                    .isInstanceOf(GatewayException.UpstreamUnavailable.class);
        }
    }

    private static SseEventReader.Event event(String data) {
        return events(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8)).getFirst();
    }

    // AnthropicWire's splitter reads any server-sent event stream, whoever recorded it.
    private static List<SseEventReader.Event> events(byte[] sse) {
        return AnthropicWire.split(sse);
    }
}
