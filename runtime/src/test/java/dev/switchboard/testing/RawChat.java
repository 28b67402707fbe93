package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.relay.SseEventReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One chat request sent to a gateway over plain HTTP in one of the two client protocols, and its
 * reply as the bytes came: for tests that must see exactly how a stream ended, which an SDK hides.
 */
public final class RawChat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawChat() {
    }

    /** Whether the client asks for the whole answer at once or for a stream. */
    public enum Mode {
        WHOLE, STREAM;

        public boolean stream() {
            return this == STREAM;
        }
    }

    /** Every protocol in both modes, for parameterized tests. */
    public static Stream<Arguments> everyProtocolAndMode() {
        return Arrays.stream(Protocol.values()).flatMap(p -> Arrays.stream(Mode.values()).map(m -> Arguments.of(p, m)));
    }

    /** A client-facing chat API of the gateway. */
    public enum Protocol {
        /** Chat completions, as OpenAI's SDKs speak them. */
        OPENAI("/v1/chat/completions", FakeVendor.Format.OPENAI),
        /** Messages, as Anthropic's SDKs speak them. */
        ANTHROPIC("/v1/messages", FakeVendor.Format.ANTHROPIC);

        private final String path;
        private final FakeVendor.Format format;

        Protocol(String path, FakeVendor.Format format) {
            this.path = path;
            this.format = format;
        }

        /** The vendor format that speaks this protocol, which the gateway serves by pass-through. */
        public FakeVendor.Format format() {
            return format;
        }

        String body(String model, boolean stream) {
            ObjectNode body = JSON.createObjectNode().put("model", model);
            if (this == ANTHROPIC) {
                body.put("max_tokens", 256);
            }
            body.putArray("messages").addObject().put("role", "user").put("content", "What is the capital of France?");
            if (stream) {
                body.put("stream", true);
            }
            return body.toString();
        }

        String[] headers(String... extra) {
            String[] own = this == ANTHROPIC ? new String[] {"anthropic-version", "2023-06-01"} : new String[0];
            return Stream.concat(Stream.of(own), Stream.of(extra)).toArray(String[]::new);
        }
    }

    /** Asks {@code model} the test question; {@code headers} are name, value pairs. */
    public static Reply send(RunningGateway gateway, Protocol protocol, String model, boolean stream, String... headers) {
        return new Reply(protocol, gateway.post(protocol.path, protocol.body(model, stream), protocol.headers(headers)));
    }

    /** One server-sent event: its {@code event:} name (null when unnamed) and its data. */
    public record Event(String name, String data) {
        public JsonNode json() {
            return parse(data);
        }
    }

    /** What the gateway answered. */
    public record Reply(Protocol protocol, HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        public String requestId() {
            return header("x-request-id").orElseThrow(() -> new AssertionError("no x-request-id"));
        }

        public boolean isStream() {
            return header("content-type").map(t -> t.startsWith("text/event-stream")).orElse(false);
        }

        public String body() {
            return response.body();
        }

        /** The body as JSON, for complete answers and errors. */
        public JsonNode json() {
            return parse(response.body());
        }

        /** The answer's text, from the complete answer or reassembled from the stream's deltas. */
        public String text() {
            StringBuilder text = new StringBuilder();
            if (!isStream()) {
                JsonNode answer = json();
                if (protocol == Protocol.OPENAI) {
                    return answer.path("choices").path(0).path("message").path("content").asText();
                }
                answer.path("content").forEach(block -> text.append(block.path("text").asText()));
                return text.toString();
            }
            for (Event event : events()) {
                if (event.data().equals("[DONE]") || "error".equals(event.name())) {
                    continue;
                }
                JsonNode data = event.json();
                text.append(protocol == Protocol.OPENAI
                        ? data.path("choices").path(0).path("delta").path("content").asText("")
                        : data.path("delta").path("text").asText(""));
            }
            return text.toString();
        }

        public List<Event> events() {
            List<Event> events = new ArrayList<>();
            SseEventReader reader = new SseEventReader(new java.io.ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
            try {
                for (SseEventReader.Event event = reader.next(); event != null; event = reader.next()) {
                    String raw = new String(event.raw(), StandardCharsets.UTF_8);
                    String name = raw.startsWith("event: ") ? raw.substring("event: ".length(), raw.indexOf('\n')) : null;
                    events.add(new Event(name, event.data() == null ? "" : new String(event.data(), StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return events;
        }

        /** The last event of the stream. */
        public Event lastEvent() {
            List<Event> events = events();
            if (events.isEmpty()) {
                throw new AssertionError("the stream has no events");
            }
            return events.get(events.size() - 1);
        }

        /** True when the stream carries its protocol's normal end: {@code data: [DONE]} or {@code message_stop}. */
        public boolean hasNormalEnd() {
            return events().stream().anyMatch(e -> e.data().equals("[DONE]") || "message_stop".equals(e.name()));
        }

        /** The error object: of the error response, or of the stream's error event. */
        public JsonNode error() {
            JsonNode root = isStream() ? lastEvent().json() : json();
            return root.path("error");
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
