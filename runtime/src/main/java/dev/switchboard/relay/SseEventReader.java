package dev.switchboard.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a server-sent event stream into events as the bytes arrive, without waiting for more
 * than one event. Each event keeps its raw bytes, so events the gateway does not need to change
 * are written to the client exactly as the upstream sent them.
 *
 * <p>Not thread-safe: one reader serves one stream on one thread.
 */
public final class SseEventReader {
    // An event larger than this is not a model's chunk but a broken or hostile upstream.
    private static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private final InputStream in;
    private final ArrayDeque<Event> unread = new ArrayDeque<>(0);
    private byte[] buffer = new byte[8192];
    private int start;
    private int end;
    private boolean eof;

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

    /** The next event, or null at the end of the stream. A trailing event without its blank line is still returned. */
    public Event next() throws IOException {
        if (!unread.isEmpty()) {
            return unread.poll();
        }
        int scan = start;
        while (true) {
            int boundary = findBlankLine(scan);
            if (boundary >= 0) {
                return take(boundary);
            }
            scan = Math.max(start, end - 3);
            if (eof || !fill()) {
                return start < end ? take(end) : null;
            }
        }
    }

    /** Puts events read ahead back, so {@link #next} returns them again, in order, before reading on. */
    public void unread(List<Event> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            unread.push(events.get(i));
        }
    }

    private Event take(int eventEnd) {
        byte[] raw = Arrays.copyOfRange(buffer, start, eventEnd);
        start = eventEnd;
        return new Event(raw, dataOf(raw));
    }

    /** Index just past the blank line that ends the event starting at {@link #start}, or -1. */
    private int findBlankLine(int from) {
        for (int i = Math.max(from, start); i < end; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (i + 1 < end && buffer[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < end && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
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
            return false;
        }
        end += n;
        return true;
    }

    /** The event's data lines joined by newlines (a copy of the single line in the usual case). */
    private static byte[] dataOf(byte[] raw) {
        java.io.ByteArrayOutputStream joined = null;
        byte[] single = null;
        int lineStart = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i < raw.length && raw[i] != '\n') {
                continue;
            }
            int lineEnd = i > lineStart && raw[i - 1] == '\r' ? i - 1 : i;
            if (lineEnd - lineStart >= 5 && raw[lineStart] == 'd' && raw[lineStart + 1] == 'a'
                    && raw[lineStart + 2] == 't' && raw[lineStart + 3] == 'a' && raw[lineStart + 4] == ':') {
                int valueStart = lineStart + 5;
                if (valueStart < lineEnd && raw[valueStart] == ' ') {
                    valueStart++;
                }
                byte[] value = Arrays.copyOfRange(raw, valueStart, lineEnd);
                if (single == null) {
                    single = value;
                } else {
                    if (joined == null) {
                        joined = new java.io.ByteArrayOutputStream();
                        joined.writeBytes(single);
                    }
                    joined.write('\n');
                    joined.writeBytes(value);
                }
            }
            lineStart = i + 1;
        }
        return joined != null ? joined.toByteArray() : single;
    }
}
