package dev.switchboard.dialect;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Copies a JSON body once, replacing byte ranges recorded by a streaming parse. This is how the
 * gateway changes one field of a request without re-serialising the rest of it.
 */
public final class JsonSplice {
    private record Edit(int start, int end, byte[] bytes) {
    }

    private final byte[] source;
    private final List<Edit> edits = new ArrayList<>(2);

    public JsonSplice(byte[] source) {
        this.source = source;
    }

    /** Replaces {@code [start, end)}; an insertion when the two are equal. Ranges must not overlap. */
    public void replace(int start, int end, byte[] bytes) {
        edits.add(new Edit(start, end, bytes));
    }

    public byte[] finish() {
        edits.sort(Comparator.comparingInt(Edit::start));
        ByteArrayOutputStream out = new ByteArrayOutputStream(source.length + 64);
        int copied = 0;
        for (Edit edit : edits) {
            out.write(source, copied, edit.start() - copied);
            out.writeBytes(edit.bytes());
            copied = edit.end();
        }
        out.write(source, copied, source.length - copied);
        return out.toByteArray();
    }
}
