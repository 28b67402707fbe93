package dev.switchboard.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a server-sent event stream into events as the bytes arrive: an event is returned as soon
 * as its last byte has been read, never held for the next read. Each event keeps its raw bytes,
 * so events the gateway does not need to change are written to the client exactly as the upstream
 * sent them; the raw bytes of all events, in order, are the stream.
 *
 * <p>Not thread-safe: one reader serves one stream on one thread.
 *
 * <p>Implementation note: the bytes of the event being read sit in {@code buffer[start, end)};
 * those before {@code scanned} have been looked at, and the scan's state at that point is kept in
 * {@link #lineEmpty}, {@link #afterCr} and {@link #blankLineAfterCr}. So a scan that runs out of
 * bytes stops, the next read appends, and the scan resumes where it stopped; compacting the buffer
 * moves {@code start}, {@code scanned} and {@code end} together. The result cannot depend on where
 * the upstream's writes, TCP segments or HTTP chunks split the stream.
 *
 * <p>Lines end with CRLF, LF or a lone CR (the SSE spec), and an empty line ends an event. A CR
 * is ambiguous until the next byte is seen: an LF right after it belongs to the same line ending.
 * When a CR ends an event's blank line and is the last byte read so far, the reader waits for one
 * more byte (or the end of the stream) before returning the event, so that a CRLF's LF is never
 * split from its event. On a CRLF stream the LF was written with the event and follows at once;
 * only a stream ending its lines with lone CRs, which no model API sends, would wait for its next event.
 */
public final class SseEventReader {
    // An event larger than this is not a model's chunk but a broken or hostile upstream.
    private static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private final InputStream in;
    private final ArrayDeque<Event> unread = new ArrayDeque<>(0);
    private byte[] buffer = new byte[8192];
    private int start;
    private int scanned;
    private int end;
    private boolean eof;
    /** True while the line the scan is in has no bytes yet (the event's first line, or just after a line ending). */
    private boolean lineEmpty = true;
    /** True when the last byte scanned was a CR that ended a line: an LF now is the rest of that line ending. */
    private boolean afterCr;
    /** True when that CR ended an empty line: the event ends after the CR, or after an LF that follows it. */
    private boolean blankLineAfterCr;

    public SseEventReader(InputStream in) {
        this.in = in;
    }

    /** One event: its raw bytes (blank-line terminator included) and its joined {@code data:} payload, if any. */
    public record Event(byte[] raw, byte[] data) {
        /** True for the {@code data: [DONE]} terminator of OpenAI-style streams. */
        public boolean isDone() {
            return data != null && data.length == 6 && new String(data, StandardCharsets.US_ASCII).equals("[DONE]");
        }
    }

    /**
     * The next event, or null at the end of the stream. A trailing event without its blank line is
     * still returned at the end of the stream; a stream that breaks off fails with the read's
     * exception once every complete event before the break has been returned.
     */
    public Event next() throws IOException {
        if (!unread.isEmpty()) {
            return unread.poll();
        }
        while (true) {
            int eventEnd = scan();
            if (eventEnd >= 0) {
                return take(eventEnd);
            }
            if (eof) {
                // No more bytes: a CR still waiting for its next byte was a lone CR, and what is left is the last event.
                return start < end ? take(end) : null;
            }
            fill();
        }
    }

    /** Puts events read ahead back, so {@link #next} returns them again, in order, before reading on. */
    public void unread(List<Event> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            unread.push(events.get(i));
        }
    }

    /**
     * Scans the bytes read but not yet scanned for the end of the current event.
     *
     * @return the index just past the event's blank line, or -1 when the bytes read so far do not
     *         settle it (the state is kept, and the scan resumes at {@code scanned})
     */
    private int scan() {
        for (int i = scanned; i < end; i++) {
            byte b = buffer[i];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    if (blankLineAfterCr) {
                        return i + 1;
                    }
                    continue;
                }
                if (blankLineAfterCr) {
                    // A lone CR ended the blank line; this byte begins the next event.
                    return i;
                }
            }
            if (b == '\r') {
                afterCr = true;
                blankLineAfterCr = lineEmpty;
                lineEmpty = true;
            } else if (b == '\n') {
                if (lineEmpty) {
                    return i + 1;
                }
                lineEmpty = true;
            } else {
                lineEmpty = false;
            }
        }
        scanned = end;
        return -1;
    }

    private Event take(int eventEnd) {
        byte[] raw = Arrays.copyOfRange(buffer, start, eventEnd);
        start = eventEnd;
        scanned = eventEnd;
        lineEmpty = true;
        afterCr = false;
        blankLineAfterCr = false;
        return new Event(raw, dataOf(raw));
    }

    /** Reads more bytes after the ones held, first moving the current event to the buffer's start, growing it if full. */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            scanned -= start;
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            if (buffer.length >= MAX_EVENT_BYTES) {
                throw new IOException("server-sent event larger than " + MAX_EVENT_BYTES + " bytes");
            }
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    /**
     * The event's {@code data} field values joined by newlines (a copy of the single value in the
     * usual case), or null when it has none. Field parsing follows the SSE spec: a line without a
     * colon is a field with an empty value, and one space after the colon is dropped.
     */
    private static byte[] dataOf(byte[] raw) {
        ByteArrayOutputStream joined = null;
        byte[] single = null;
        int lineStart = 0;
        while (lineStart < raw.length) {
            int lineEnd = lineStart;
            while (lineEnd < raw.length && raw[lineEnd] != '\n' && raw[lineEnd] != '\r') {
                lineEnd++;
            }
            byte[] value = dataValue(raw, lineStart, lineEnd);
            if (value != null) {
                if (single == null) {
                    single = value;
                } else {
                    if (joined == null) {
                        joined = new ByteArrayOutputStream();
                        joined.writeBytes(single);
                    }
                    joined.write('\n');
                    joined.writeBytes(value);
                }
            }
            lineStart = lineEnd + (lineEnd + 1 < raw.length && raw[lineEnd] == '\r' && raw[lineEnd + 1] == '\n' ? 2 : 1);
        }
        return joined != null ? joined.toByteArray() : single;
    }

    /** The value of the line {@code raw[from, to)} when it is a {@code data} field, else null. */
    private static byte[] dataValue(byte[] raw, int from, int to) {
        int length = to - from;
        if (length < 4 || raw[from] != 'd' || raw[from + 1] != 'a' || raw[from + 2] != 't' || raw[from + 3] != 'a') {
            return null;
        }
        if (length == 4) {
            return new byte[0];
        }
        if (raw[from + 4] != ':') {
            return null;
        }
        int valueStart = from + 5;
        if (valueStart < to && raw[valueStart] == ' ') {
            valueStart++;
        }
        return Arrays.copyOfRange(raw, valueStart, to);
    }
}
