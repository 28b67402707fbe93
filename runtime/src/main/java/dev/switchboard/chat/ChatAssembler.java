package dev.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.usage.TokenUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Builds the whole answer from a stream's events, for an in-process caller that wants the tokens
 * as they come and the answer at the end; and turns a whole answer back into the events a stream
 * of it would have carried, so a receiver of events needs one code path for both.
 *
 * <p>Parts keep the order the model produced them in: consecutive text deltas grow one text part,
 * consecutive thinking deltas one thinking part, and each tool call is one part in the order it
 * started. Not thread-safe: one assembler reads one stream.
 */
public final class ChatAssembler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Object> parts = new ArrayList<>();
    private final TreeMap<Integer, PendingCall> calls = new TreeMap<>();
    private String id = "";
    private String model;
    private long created;
    private StopReason stopReason;
    private String stopSequence;
    private TokenUsage usage;

    /** Takes the next event of the stream. */
    public void accept(ChatEvent event) {
        switch (event) {
            case ChatEvent.Started started -> {
                id = started.id() == null ? "" : started.id();
                model = started.model();
                created = started.created();
            }
            case ChatEvent.TextDelta text -> last(TextPart.class, TextPart::new).text.append(text.text());
            case ChatEvent.ThinkingDelta thinking -> last(ThinkingPart.class, ThinkingPart::new).text.append(thinking.text());
            case ChatEvent.ThinkingSignature signature -> last(ThinkingPart.class, ThinkingPart::new).signature = signature.signature();
            case ChatEvent.ToolCallStarted started -> {
                PendingCall call = new PendingCall(started.id(), started.name());
                calls.put(started.index(), call);
                parts.add(call);
            }
            case ChatEvent.ToolArgumentsDelta delta -> {
                PendingCall call = calls.get(delta.index());
                if (call != null) {
                    call.arguments.append(delta.json());
                }
            }
            case ChatEvent.Finished finished -> {
                stopReason = finished.reason();
                stopSequence = finished.stopSequence();
            }
            case ChatEvent.Usage reported -> usage = reported.usage();
            case ChatEvent.Ended ended -> {
            }
        }
    }

    /** The answer as received so far: whole once the stream has ended. */
    public ChatResult result() {
        List<Part> content = new ArrayList<>(parts.size());
        for (Object part : parts) {
            content.add(switch (part) {
                case TextPart text -> ChatRequest.Text.of(text.text.toString());
                case ThinkingPart thinking -> new ChatRequest.Thinking(thinking.text.toString(), thinking.signature, false);
                case PendingCall call -> new ChatRequest.ToolCall(call.id == null ? "" : call.id, call.name, arguments(call.arguments));
                default -> throw new IllegalStateException("unknown part " + part);
            });
        }
        return new ChatResult(id, model, content, stopReason == null ? StopReason.OTHER : stopReason, stopSequence, usage, created);
    }

    /** The events a stream of {@code result} would carry, {@link ChatEvent.Ended} last. */
    public static List<ChatEvent> events(ChatResult result) {
        List<ChatEvent> events = new ArrayList<>();
        events.add(new ChatEvent.Started(result.id(), result.model(), result.created()));
        int toolIndex = 0;
        for (Part part : result.content()) {
            switch (part) {
                case ChatRequest.Text text -> events.add(new ChatEvent.TextDelta(text.text()));
                case ChatRequest.Thinking thinking -> {
                    if (thinking.text() != null) {
                        events.add(new ChatEvent.ThinkingDelta(thinking.text()));
                    }
                    if (thinking.signature() != null) {
                        events.add(new ChatEvent.ThinkingSignature(thinking.signature()));
                    }
                }
                case ChatRequest.ToolCall call -> {
                    events.add(new ChatEvent.ToolCallStarted(toolIndex, call.id(), call.name()));
                    events.add(new ChatEvent.ToolArgumentsDelta(toolIndex++, call.arguments() == null ? "{}" : call.arguments().toString()));
                }
                default -> {
                    // Images, documents and tool results are request-side parts; no answer carries them.
                }
            }
        }
        events.add(new ChatEvent.Finished(result.stopReason(), result.stopSequence()));
        if (result.usage() != null) {
            events.add(new ChatEvent.Usage(result.usage()));
        }
        events.add(new ChatEvent.Ended());
        return events;
    }

    /** The last part if it is of {@code type} (text grows while deltas are consecutive), else a new one. */
    private <T> T last(Class<T> type, Supplier<T> fresh) {
        Object last = parts.isEmpty() ? null : parts.get(parts.size() - 1);
        if (type.isInstance(last)) {
            return type.cast(last);
        }
        T part = fresh.get();
        parts.add(part);
        return part;
    }

    // A model's arguments are JSON; a stream cut midway leaves a prefix, kept as the text it is.
    private static JsonNode arguments(StringBuilder json) {
        String text = json.isEmpty() ? "{}" : json.toString();
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }

    private static final class TextPart {
        final StringBuilder text = new StringBuilder();
    }

    private static final class ThinkingPart {
        final StringBuilder text = new StringBuilder();
        String signature;
    }

    private static final class PendingCall {
        final String id;
        final String name;
        final StringBuilder arguments = new StringBuilder();

        PendingCall(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }
}
