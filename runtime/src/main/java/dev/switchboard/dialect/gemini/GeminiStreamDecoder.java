package dev.switchboard.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.StopReason;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.relay.SseEventReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes {@code streamGenerateContent?alt=sse}: every {@code data:} event is a whole
 * {@code GenerateContentResponse} holding the next slice of the answer.
 *
 * <p>Gemini sends each function call whole, never in pieces, so a call becomes a
 * {@code ToolCallStarted} and one {@code ToolArgumentsDelta} with all its arguments. Usage
 * metadata rides on most chunks and is cumulative; each one is passed on. Gemini's stream has
 * no end marker of its own: the chunk carrying the finish reason (or the prompt's block reason)
 * is the last, so {@code Ended} follows its {@code Finished} and {@code Usage}. A stream that
 * breaks off before that chunk therefore never reports {@code Ended}.
 */
final class GeminiStreamDecoder implements StreamDecoder {
    private final Clock clock;
    private boolean started;
    private int toolCalls;

    GeminiStreamDecoder(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<ChatEvent> decode(SseEventReader.Event event) {
        if (event.data() == null) {
            return List.of();
        }
        JsonNode chunk = GeminiResponseReader.parse(event.data(), "a stream event");
        if (chunk.has("error")) {
            throw GeminiErrors.fromStreamError(chunk.get("error"));
        }
        List<ChatEvent> events = new ArrayList<>(4);
        if (!started) {
            started = true;
            events.add(new ChatEvent.Started(GeminiResponseReader.id(chunk), chunk.path("modelVersion").textValue(),
                    clock.instant().getEpochSecond()));
        }
        JsonNode candidate = chunk.path("candidates").path(0);
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.has("functionCall")) {
                ChatRequest.ToolCall call = GeminiResponseReader.toolCall(part.get("functionCall"));
                int index = toolCalls++;
                events.add(new ChatEvent.ToolCallStarted(index, call.id(), call.name()));
                events.add(new ChatEvent.ToolArgumentsDelta(index, call.arguments().toString()));
            } else if (part.path("text").isTextual()) {
                String text = part.get("text").asText();
                if (!text.isEmpty()) {
                    events.add(part.path("thought").asBoolean(false) ? new ChatEvent.ThinkingDelta(text) : new ChatEvent.TextDelta(text));
                }
            }
        }
        String finishReason = candidate.path("finishReason").textValue();
        boolean last = finishReason != null || candidate.isMissingNode() && GeminiResponseReader.blocked(chunk);
        if (last) {
            // No finish reason on the last chunk means the prompt itself was blocked.
            events.add(new ChatEvent.Finished(finishReason == null ? StopReason.CONTENT_FILTER
                    : GeminiResponseReader.stopReason(finishReason, toolCalls > 0), null));
        }
        JsonNode usage = chunk.path("usageMetadata");
        if (usage.isObject()) {
            events.add(new ChatEvent.Usage(GeminiResponseReader.usage(usage)));
        }
        if (last) {
            events.add(new ChatEvent.Ended());
        }
        return events;
    }
}
