package dev.switchboard.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader yields exactly the events of the byte stream however the stream is cut into reads:
 * split inside an event, inside a line ending, or several events coalesced into one read. Real
 * upstreams do all three (TCP segments, HTTP chunks, a server that flushes several events at once).
 *
 * <p>The expected events come from {@link #reference}, a plain whole-stream parse that follows the
 * SSE spec's line rules (CRLF, LF or a lone CR end a line; an empty line ends an event; a final
 * event without its blank line still counts, as the reader promises). The samples are the recorded
 * streams of every dialect under {@code wire/}, plus a synthetic one with comments, {@code event:}
 * and {@code id:} fields, multi-line and bare {@code data} lines, stray blank lines and an event
 * larger than the reader's initial buffer; each is tried with LF, CRLF and lone-CR line endings,
 * and without its final blank line. Random splittings draw a fresh seed per run, printed with any
 * failure; {@code -Dswitchboard.split.seed=N} replays one.
 */
class SseEventReaderSplitTest {
    private static final long SEED = Long.getLong("switchboard.split.seed", new Random().nextLong());
    private static final List<String> RECORDED = List.of(
            "openai/chat-stream-text.sse", "openai/chat-stream-tool-calls.sse",
            "anthropic/stream-text.sse", "anthropic/stream-thinking.sse", "anthropic/stream-tool-use.sse",
            "anthropic/stream-overloaded.sse", "anthropic/stream-overloaded-midway.sse",
            "gemini/stream-text.sse", "gemini/stream-function-calls.sse",
            "matrix/openai-weather-call.sse", "matrix/openai-weather-answer.sse",
            "matrix/anthropic-weather-call.sse", "matrix/anthropic-weather-answer.sse",
            "matrix/gemini-weather-call.sse", "matrix/gemini-weather-answer.sse");

    /** A sample stream under one line-ending convention. */
    record Sample(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One event as compared: raw bytes and data as ISO-8859-1 text, so each byte is one character. */
    record Seen(String raw, String data) {
    }

    static Stream<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        for (String name : RECORDED) {
            addVariants(samples, name, text(Wire.bytes(name)));
        }
        addVariants(samples, "synthetic", text(synthetic().getBytes(StandardCharsets.UTF_8)));
        return samples.stream();
    }

    /** The stream with LF, CRLF and CR line endings, each also without the blank line that ends its last event. */
    private static void addVariants(List<Sample> samples, String name, String stream) {
        String lf = stream.replace("\r\n", "\n");
        for (String ending : List.of("\n", "\r\n", "\r")) {
            String label = name + (ending.equals("\n") ? " (LF)" : ending.equals("\r\n") ? " (CRLF)" : " (CR)");
            String converted = lf.replace("\n", ending);
            samples.add(new Sample(label, bytes(converted)));
            String unterminated = converted.substring(0, converted.length() - ending.length());
            samples.add(new Sample(label + " without its last blank line", bytes(unterminated)));
        }
    }

    private static String synthetic() {
        return ": a comment before anything\n"
                + "\n"
                + "retry: 3000\n"
                + "\n"
                + "event: message\n"
                + "id: 1\n"
                + "data: {\"text\":\"é☃ caf\\u00e9\"}\n"
                + "\n"
                + "\n"
                + "data: first line\n"
                + "data:second line without the space\n"
                + "data\n"
                + "data:  two spaces keep one\n"
                + ": a comment inside an event\n"
                + "\n"
                + "event: ping\n"
                + "\n"
                // Larger than the reader's first 8 KiB buffer: it grows, and compacts around the event.
                + "data: " + "x".repeat(9_000) + "\n"
                + "\n"
                + "id: 7\n"
                + "data: [DONE]\n"
                + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void every_split_into_two_reads_yields_the_events_of_the_whole_stream(Sample sample) {
        List<Seen> expected = reference(sample.bytes());
        int n = sample.bytes().length;
        for (int cut = 0; cut <= n; cut++) {
            List<Integer> reads = List.of(cut, n - cut);
            assertThat(read(sample.bytes(), reads)).as("%s read as %s", sample, reads).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void random_splits_and_coalescings_yield_the_events_of_the_whole_stream(Sample sample) {
        List<Seen> expected = reference(sample.bytes());
        Random random = new Random(SEED ^ sample.name().hashCode());
        for (int run = 0; run < 200; run++) {
            List<Integer> reads = randomReads(random, sample.bytes().length);
            assertThat(read(sample.bytes(), reads))
                    .as("%s read as %s (-Dswitchboard.split.seed=%d)", sample, reads, SEED)
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void a_complete_event_is_returned_without_waiting_for_another_read(Sample sample) {
        if (sample.name().contains("(CR)")) {
            // A lone CR at the end of a read may be half of a CRLF; the reader must see the next byte to know.
            return;
        }
        List<Seen> expected = reference(sample.bytes());
        List<Integer> reads = expected.stream().map(e -> e.raw().length()).toList();
        Script script = new Script(sample.bytes(), reads);
        SseEventReader reader = new SseEventReader(script);
        for (int i = 0; i < expected.size(); i++) {
            script.allow(i + 1);
            assertThat(seen(next(reader))).as("%s, event %d", sample, i).isEqualTo(expected.get(i));
        }
        script.allow(expected.size() + 1);
        assertThat(next(reader)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void every_event_before_a_broken_connection_is_returned_before_the_failure(Sample sample) throws IOException {
        List<Seen> expected = reference(sample.bytes());
        List<Integer> reads = expected.stream().map(e -> e.raw().length()).toList();
        Script script = new Script(sample.bytes(), reads);
        script.failAtEnd();
        script.allow(Integer.MAX_VALUE);
        SseEventReader reader = new SseEventReader(script);
        List<Seen> before = new ArrayList<>();
        // The last event's end may be unknowable before the next read (no blank line, or a trailing lone CR).
        for (int i = 0; i < expected.size() - 1; i++) {
            before.add(seen(reader.next()));
        }

        assertThat(before).isEqualTo(expected.subList(0, expected.size() - 1));
        if (sample.name().contains("without") || sample.name().contains("(CR)")) {
            assertThatThrownBy(reader::next).isInstanceOf(IOException.class);
        } else {
            assertThat(seen(reader.next())).isEqualTo(expected.get(expected.size() - 1));
        }
    }

    // ---- the reference parse ----

    /** The events of a whole stream, by the SSE spec's line rules, without any incremental state. */
    static List<Seen> reference(byte[] stream) {
        String s = new String(stream, StandardCharsets.ISO_8859_1);
        List<Seen> events = new ArrayList<>();
        List<String> data = new ArrayList<>();
        int eventStart = 0;
        int i = 0;
        while (i < s.length()) {
            int lineEnd = i;
            while (lineEnd < s.length() && s.charAt(lineEnd) != '\r' && s.charAt(lineEnd) != '\n') {
                lineEnd++;
            }
            if (lineEnd == s.length()) {
                addData(data, s.substring(i));
                break;
            }
            int next = s.startsWith("\r\n", lineEnd) ? lineEnd + 2 : lineEnd + 1;
            if (lineEnd == i) {
                events.add(new Seen(s.substring(eventStart, next), data.isEmpty() ? null : String.join("\n", data)));
                data.clear();
                eventStart = next;
            } else {
                addData(data, s.substring(i, lineEnd));
            }
            i = next;
        }
        if (eventStart < s.length()) {
            events.add(new Seen(s.substring(eventStart), data.isEmpty() ? null : String.join("\n", data)));
        }
        return events;
    }

    private static void addData(List<String> data, String line) {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (field.equals("data")) {
            data.add(value.startsWith(" ") ? value.substring(1) : value);
        }
    }

    // ---- reading in given pieces ----

    private static List<Seen> read(byte[] stream, List<Integer> reads) {
        Script script = new Script(stream, reads);
        script.allow(Integer.MAX_VALUE);
        SseEventReader reader = new SseEventReader(script);
        List<Seen> events = new ArrayList<>();
        for (SseEventReader.Event event = next(reader); event != null; event = next(reader)) {
            events.add(seen(event));
        }
        return events;
    }

    /** Read sizes that sum to {@code length}: single bytes, small pieces and runs of several events, mixed. */
    private static List<Integer> randomReads(Random random, int length) {
        List<Integer> reads = new ArrayList<>();
        int left = length;
        while (left > 0) {
            int bound = switch (random.nextInt(3)) {
                case 0 -> 4;
                case 1 -> 300;
                default -> length;
            };
            int size = Math.min(left, 1 + random.nextInt(bound));
            reads.add(size);
            left -= size;
        }
        return reads;
    }

    private static Seen seen(SseEventReader.Event event) {
        return event == null ? null : new Seen(new String(event.raw(), StandardCharsets.ISO_8859_1),
                event.data() == null ? null : new String(event.data(), StandardCharsets.ISO_8859_1));
    }

    private static SseEventReader.Event next(SseEventReader reader) {
        try {
            return reader.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Delivers a stream in reads of the given sizes, never more than one piece per read, and only
     * the pieces the test has allowed so far: asking for a piece not yet allowed means the reader
     * waited for more bytes while it already had a whole event.
     */
    private static final class Script extends InputStream {
        private final byte[] stream;
        private final List<Integer> reads;
        private int piece;
        private int offsetInPiece;
        private int position;
        private int allowed;
        private boolean failAtEnd;

        Script(byte[] stream, List<Integer> reads) {
            this.stream = stream;
            this.reads = reads;
        }

        void allow(int pieces) {
            allowed = pieces;
        }

        /** After the last piece, a read fails as a reset connection does, instead of reporting the end. */
        void failAtEnd() {
            failAtEnd = true;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the reader reads in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (piece < reads.size() && reads.get(piece) == 0) {
                piece++;
            }
            if (piece >= reads.size()) {
                if (failAtEnd) {
                    throw new IOException("connection reset");
                }
                return -1;
            }
            if (piece >= allowed) {
                throw new AssertionError("the reader asked for piece " + piece + " while it already held a whole event");
            }
            int n = Math.min(len, reads.get(piece) - offsetInPiece);
            System.arraycopy(stream, position, b, off, n);
            position += n;
            offsetInPiece += n;
            if (offsetInPiece == reads.get(piece)) {
                piece++;
                offsetInPiece = 0;
            }
            return n;
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
