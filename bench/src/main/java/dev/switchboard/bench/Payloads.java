package dev.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The OpenAI wire bytes every benchmark sends and answers with, read from
 * {@code src/main/resources/payloads/} so the JMH benchmark and {@code bench/run.sh} (which feeds
 * the same files to wrk and nginx) measure the same traffic.
 */
final class Payloads {

    /** A ~1 KB {@code POST /v1/chat/completions} body (system + user message, {@code "stream":false}). */
    static final byte[] CHAT_REQUEST = read("chat-request.json");

    /** A ~600-byte {@code chat.completion} answer. */
    static final byte[] COMPLETION = read("chat-completion.json");

    /**
     * {@code chat.completion.chunk} SSE events, one element per event including its blank line:
     * role, eight content deltas, finish, usage, then {@code data: [DONE]}.
     */
    static final List<byte[]> SSE_EVENTS = splitEvents(read("chat-completion-chunks.sse"));

    private Payloads() {
    }

    static int sseBytes() {
        return SSE_EVENTS.stream().mapToInt(event -> event.length).sum();
    }

    private static List<byte[]> splitEvents(byte[] stream) {
        String text = new String(stream, StandardCharsets.UTF_8);
        if (!text.endsWith("data: [DONE]\n\n")) {
            throw new IllegalStateException("chat-completion-chunks.sse must end with 'data: [DONE]' and a blank line");
        }
        return Arrays.stream(text.split("(?<=\n\n)"))
                .map(event -> event.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    static byte[] read(String name) {
        try (InputStream in = Payloads.class.getResourceAsStream("/payloads/" + name)) {
            if (in == null) {
                throw new IllegalStateException("payload missing from the classpath: /payloads/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
