package dev.switchboard.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.error.GatewayException;
import dev.switchboard.json.StrictJson;
import dev.switchboard.relay.SseEventReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an OpenAI-compatible vendor's {@code chat.completion.chunk} stream into neutral events.
 *
 * <p>Tool calls are keyed by the chunk's {@code index}, as OpenAI numbers them. Some compatible
 * servers number every call 0 and tell calls apart only by their ids, so a new id at a known index
 * also opens a new call; the neutral index simply counts calls in the order they open.
 *
 * <p>Not thread-safe: one decoder reads one stream.
 */
final class OpenAiStreamDecoder implements StreamDecoder {
    /** A tool call open at an OpenAI index. */
    private record OpenCall(int index, String id) {
    }

    private final Map<Integer, OpenCall> calls = new HashMap<>(4);
    private boolean started;
    private int opened;

    @Override
    public List<ChatEvent> decode(SseEventReader.Event event) {
        if (event.isDone()) {
            return List.of(new ChatEvent.Ended());
        }
        byte[] data = event.data();
        if (data == null || data.length == 0) {
            // Comments and keep-alives.
            return List.of();
        }
        JsonNode chunk;
        try {
            chunk = StrictJson.readTree(data);
        } catch (IOException e) {
            throw new GatewayException.UpstreamUnavailable("The upstream sent a stream event that is not JSON.");
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            throw OpenAiErrors.fromUpstream(status(error), data, Optional.empty());
        }
        JsonNode usage = chunk.get("usage");
        boolean hasUsage = usage != null && usage.isObject();
        if (!started && chunk.path("choices").isEmpty() && !hasUsage) {
            // Azure opens with a chunk of prompt-filter results and blank id and model: not the answer yet.
            return List.of();
        }
        List<ChatEvent> events = new ArrayList<>(2);
        if (!started) {
            started = true;
            events.add(new ChatEvent.Started(chunk.path("id").asText(""), chunk.path("model").asText(""), chunk.path("created").asLong(0)));
        }
        for (JsonNode choice : chunk.path("choices")) {
            // The encoder never asks for n > 1; other choices would be another answer.
            if (choice.path("index").asInt(0) == 0) {
                choice(choice, events);
            }
        }
        if (hasUsage) {
            events.add(new ChatEvent.Usage(OpenAiUsage.of(usage)));
        }
        return events;
    }

    /**
     * An error event's status: OpenAI's stream errors carry none (so 500), while OpenRouter and
     * others put the HTTP status they mean in {@code code}.
     */
    private static int status(JsonNode error) {
        JsonNode code = error.path("code");
        if (!code.canConvertToInt()) {
            code = error.path("status");
        }
        int status = code.canConvertToInt() ? code.intValue() : 0;
        return status >= 400 && status <= 599 ? status : 500;
    }

    private void choice(JsonNode choice, List<ChatEvent> events) {
        JsonNode delta = choice.path("delta");
        String reasoning = ResponseCodec.reasoningText(delta);
        if (reasoning != null && !reasoning.isEmpty()) {
            events.add(new ChatEvent.ThinkingDelta(reasoning));
        }
        text(delta.get("content"), events);
        text(delta.get("refusal"), events);
        for (JsonNode call : delta.path("tool_calls")) {
            toolCall(call, events);
        }
        JsonNode finishReason = choice.get("finish_reason");
        if (finishReason != null && finishReason.isTextual()) {
            String stopSequence = ResponseCodec.stopSequence(choice);
            events.add(new ChatEvent.Finished(ResponseCodec.stopReason(finishReason.textValue(), stopSequence), stopSequence));
        }
    }

    private static void text(JsonNode text, List<ChatEvent> events) {
        if (text != null && text.isTextual() && !text.textValue().isEmpty()) {
            events.add(new ChatEvent.TextDelta(text.textValue()));
        }
    }

    private void toolCall(JsonNode call, List<ChatEvent> events) {
        int openAiIndex = call.path("index").asInt(0);
        JsonNode id = call.get("id");
        OpenCall open = calls.get(openAiIndex);
        boolean newId = id != null && id.isTextual() && !id.textValue().isEmpty() && (open == null || !open.id().equals(id.textValue()));
        if (open == null || newId) {
            int index = opened++;
            open = new OpenCall(index, ResponseCodec.callId(call.path("id"), index));
            calls.put(openAiIndex, open);
            events.add(new ChatEvent.ToolCallStarted(index, open.id(), call.path("function").path("name").asText("")));
        }
        JsonNode arguments = call.path("function").get("arguments");
        if (arguments != null && arguments.isTextual() && !arguments.textValue().isEmpty()) {
            events.add(new ChatEvent.ToolArgumentsDelta(open.index(), arguments.textValue()));
        }
    }
}
