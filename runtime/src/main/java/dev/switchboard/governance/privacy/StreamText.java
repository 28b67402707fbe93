package dev.switchboard.governance.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The text a streamed answer carried, joined from its events' deltas: OpenAI's
 * {@code choices[].delta} ({@code content}, {@code reasoning_content}, {@code refusal}, tool-call
 * {@code arguments}) and Anthropic's {@code delta} ({@code text}, {@code thinking},
 * {@code partial_json}). Stored instead of the raw events so that redaction sees whole words: an
 * e-mail address split over two deltas is one string again.
 */
final class StreamText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TEXT_FIELDS = Set.of("content", "reasoning_content", "refusal", "arguments",
            "text", "thinking", "partial_json");

    private StreamText() {
    }

    static String of(byte[] events) {
        StringBuilder text = new StringBuilder();
        for (String line : new String(events, StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("data:")) {
                continue;
            }
            String data = line.substring(5).strip();
            if (data.isEmpty() || data.equals("[DONE]")) {
                continue;
            }
            try {
                JsonNode event = JSON.readTree(data);
                collect(event.path("delta"), text);
                for (JsonNode choice : event.path("choices")) {
                    collect(choice.path("delta"), text);
                }
            } catch (IOException e) {
                // A cut-off last event: what came before is still the answer.
            }
        }
        return text.toString();
    }

    private static void collect(JsonNode node, StringBuilder text) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getValue().isTextual() && TEXT_FIELDS.contains(field.getKey())) {
                    text.append(field.getValue().textValue());
                } else {
                    collect(field.getValue(), text);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, text));
        }
    }
}
