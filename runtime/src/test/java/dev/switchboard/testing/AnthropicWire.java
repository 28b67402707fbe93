package dev.switchboard.testing;

import dev.switchboard.relay.SseEventReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Recorded Anthropic wire payloads from {@code src/test/resources/wire/anthropic/}. */
public final class AnthropicWire {

    private AnthropicWire() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = AnthropicWire.class.getResourceAsStream("/wire/anthropic/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload wire/anthropic/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String payload(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** A recorded stream split into its server-sent events. */
    public static List<SseEventReader.Event> events(String name) {
        return split(bytes(name));
    }

    public static List<SseEventReader.Event> split(byte[] stream) {
        SseEventReader reader = new SseEventReader(new ByteArrayInputStream(stream));
        List<SseEventReader.Event> events = new ArrayList<>();
        try {
            for (SseEventReader.Event event = reader.next(); event != null; event = reader.next()) {
                events.add(event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** The {@code event:} names of a stream's events, in order. */
    public static List<String> eventNames(List<SseEventReader.Event> events) {
        List<String> names = new ArrayList<>();
        for (SseEventReader.Event event : events) {
            String raw = new String(event.raw(), StandardCharsets.UTF_8);
            if (raw.startsWith("event: ")) {
                names.add(raw.substring("event: ".length(), raw.indexOf('\n')));
            }
        }
        return names;
    }
}
