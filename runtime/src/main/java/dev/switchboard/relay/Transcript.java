package dev.switchboard.relay;

import java.io.ByteArrayOutputStream;

/**
 * A bounded copy of the bytes an answer sent to its client, kept only for a team that opted in to
 * request logging; {@link #OFF} (the default) keeps nothing and costs nothing. Used by one request
 * thread at a time.
 */
public final class Transcript {
    /** Keeps nothing. */
    public static final Transcript OFF = new Transcript(0);

    private final int limit;
    private final ByteArrayOutputStream bytes;
    private boolean truncated;
    private boolean events;

    private Transcript(int limit) {
        this.limit = limit;
        this.bytes = limit == 0 ? null : new ByteArrayOutputStream();
    }

    /** Keeps the first {@code limit} bytes sent; the rest is counted as truncated. */
    public static Transcript upTo(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return new Transcript(limit);
    }

    public boolean enabled() {
        return bytes != null;
    }

    /** Keeps a copy of one server-sent event sent: the transcript is then of an event stream. */
    public void appendEvent(byte[] event) {
        events = true;
        append(event);
    }

    /** Keeps a copy of bytes sent (a whole answer's JSON). */
    public void append(byte[] sent) {
        if (bytes == null) {
            return;
        }
        int room = limit - bytes.size();
        if (sent.length > room) {
            truncated = true;
        }
        bytes.write(sent, 0, Math.min(room, sent.length));
    }

    public byte[] bytes() {
        return bytes == null ? new byte[0] : bytes.toByteArray();
    }

    /** Whether what was sent is a server-sent event stream rather than one JSON answer. */
    public boolean holdsEvents() {
        return events;
    }

    /** Whether more was sent than kept. */
    public boolean truncated() {
        return truncated;
    }
}
