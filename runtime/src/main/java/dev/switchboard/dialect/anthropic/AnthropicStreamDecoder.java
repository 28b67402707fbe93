package dev.switchboard.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.error.GatewayException;
import dev.switchboard.json.StrictJson;
import dev.switchboard.relay.SseEventReader;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an Anthropic Messages stream into {@link ChatEvent}s. The event's {@code type} in its data
 * decides (Anthropic repeats it in the {@code event:} line); pings, {@code content_block_stop} and
 * event types newer than this code yield nothing, as Anthropic's versioning policy asks of clients.
 *
 * <p>Anthropic numbers content blocks, the neutral events number tool calls: the first
 * {@code tool_use} block is tool call 0 whatever its block index. Usage is split between
 * {@code message_start} (input and a first output count) and {@code message_delta} (cumulative
 * output, on newer API versions cumulative input too); each yields a {@link ChatEvent.Usage} with
 * the counters combined so far.
 *
 * <p>{@code redacted_thinking} blocks yield nothing: the neutral events have no carrier for opaque
 * reasoning, and only Anthropic's API, which gets Anthropic clients' streams untranslated, could
 * use it again.
 */
final class AnthropicStreamDecoder implements StreamDecoder {
    private final InstantSource clock;
    private final AnthropicUsage.Counters counters = new AnthropicUsage.Counters();
    private final Map<Integer, Integer> toolCallOfBlock = new HashMap<>();

    AnthropicStreamDecoder(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public List<ChatEvent> decode(SseEventReader.Event event) {
        if (event.data() == null) {
            return List.of();
        }
        JsonNode data;
        try {
            data = StrictJson.readTree(event.data());
        } catch (IOException e) {
            throw new GatewayException.UpstreamUnavailable("The Anthropic upstream sent a stream event that is not JSON.");
        }
        return switch (data.path("type").asText()) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> List.of(new ChatEvent.Ended());
            case "error" -> throw AnthropicErrors.fromStreamError(data);
            default -> List.of();
        };
    }

    private List<ChatEvent> messageStart(JsonNode message) {
        List<ChatEvent> events = new ArrayList<>(2);
        events.add(new ChatEvent.Started(message.path("id").asText(), message.path("model").asText(), clock.instant().getEpochSecond()));
        if (message.path("usage").isObject()) {
            counters.read(message.path("usage"));
            events.add(new ChatEvent.Usage(counters.toUsage()));
        }
        return events;
    }

    private List<ChatEvent> blockStart(int index, JsonNode block) {
        return switch (block.path("type").asText()) {
            case "text" -> textOrNothing(block.path("text").asText());
            case "tool_use" -> {
                int toolCall = toolCallOfBlock.size();
                toolCallOfBlock.put(index, toolCall);
                List<ChatEvent> events = new ArrayList<>(2);
                events.add(new ChatEvent.ToolCallStarted(toolCall, block.path("id").asText(), block.path("name").asText()));
                // Anthropic starts with "input": {} and streams the arguments; anything already there is their start.
                JsonNode input = block.path("input");
                if (input.isObject() && !input.isEmpty()) {
                    events.add(new ChatEvent.ToolArgumentsDelta(toolCall, input.toString()));
                }
                yield events;
            }
            case "thinking" -> {
                List<ChatEvent> events = new ArrayList<>(2);
                String thinking = block.path("thinking").asText();
                String signature = block.path("signature").asText();
                if (!thinking.isEmpty()) {
                    events.add(new ChatEvent.ThinkingDelta(thinking));
                }
                if (!signature.isEmpty()) {
                    events.add(new ChatEvent.ThinkingSignature(signature));
                }
                yield events;
            }
            default -> List.of();
        };
    }

    private List<ChatEvent> blockDelta(int index, JsonNode delta) {
        return switch (delta.path("type").asText()) {
            case "text_delta" -> textOrNothing(delta.path("text").asText());
            case "input_json_delta" -> {
                Integer toolCall = toolCallOfBlock.get(index);
                String json = delta.path("partial_json").asText();
                // Anthropic opens every tool call with an empty fragment; it says nothing.
                yield toolCall == null || json.isEmpty() ? List.of() : List.of(new ChatEvent.ToolArgumentsDelta(toolCall, json));
            }
            case "thinking_delta" -> {
                String thinking = delta.path("thinking").asText();
                yield thinking.isEmpty() ? List.of() : List.of(new ChatEvent.ThinkingDelta(thinking));
            }
            case "signature_delta" -> List.of(new ChatEvent.ThinkingSignature(delta.path("signature").asText()));
            // citations_delta and newer kinds have no neutral counterpart.
            default -> List.of();
        };
    }

    private List<ChatEvent> messageDelta(JsonNode data) {
        List<ChatEvent> events = new ArrayList<>(2);
        JsonNode stopReason = data.path("delta").path("stop_reason");
        if (stopReason.isTextual()) {
            JsonNode stopSequence = data.path("delta").path("stop_sequence");
            events.add(new ChatEvent.Finished(AnthropicStopReasons.decode(stopReason.asText()),
                    stopSequence.isTextual() ? stopSequence.asText() : null));
        }
        if (data.path("usage").isObject()) {
            counters.read(data.path("usage"));
            events.add(new ChatEvent.Usage(counters.toUsage()));
        }
        return events;
    }

    private static List<ChatEvent> textOrNothing(String text) {
        return text.isEmpty() ? List.of() : List.of(new ChatEvent.TextDelta(text));
    }
}
