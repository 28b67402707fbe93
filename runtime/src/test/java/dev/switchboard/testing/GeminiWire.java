package dev.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Recorded Gemini API payloads from {@code src/test/resources/wire/gemini/}. */
public final class GeminiWire {

    private GeminiWire() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = GeminiWire.class.getResourceAsStream("/wire/gemini/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload wire/gemini/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String payload(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
