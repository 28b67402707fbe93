package dev.switchboard.dialect.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.StopReason;
import dev.switchboard.dialect.StreamEncoder;
import dev.switchboard.error.GatewayException;
import dev.switchboard.usage.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@link ChatEvent}s as Anthropic's stream: {@code message_start}, then per content block
 * {@code content_block_start}, its deltas and {@code content_block_stop} (one block open at a
 * time, closed before the next opens), then one {@code message_delta} with the stop reason and the
 * cumulative usage, then {@code message_stop}.
 *
 * <p>Two events are held back because Anthropic puts in one event what others spread over
 * several. {@code message_start} waits for the event after {@link ChatEvent.Started}, so that usage
 * reported right away (Anthropic and Gemini upstreams do) lands in its {@code usage}; otherwise its
 * input count is 0. {@code message_delta} waits until both the stop reason and a usage reported
 * after it are in (OpenAI upstreams send usage last), or until {@link ChatEvent.Ended}: usage seen
 * before the stop reason may not be final.
 *
 * <p>Anthropic cannot interleave blocks, so tool calls must arrive one after another, as every
 * supported upstream sends them; arguments for a tool call whose block is already closed end the
 * stream with an error rather than being lost.
 */
final class AnthropicStreamEncoder implements StreamEncoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Block { NONE, TEXT, THINKING, TOOL_USE }

    @FunctionalInterface
    private interface Data {
        void write(JsonGenerator g) throws IOException;
    }

    private ChatEvent.Started pendingStart;
    private Block open = Block.NONE;
    private int openToolCall = -1;
    private int blocks;
    private ChatEvent.Finished finished;
    private TokenUsage usage;
    private BigDecimal cost;
    private boolean deltaSent;

    @Override
    public List<byte[]> encode(ChatEvent event, BigDecimal cost) {
        if (cost != null) {
            this.cost = cost;
        }
        if (event instanceof ChatEvent.Usage reported) {
            usage = reported.usage();
        }
        List<byte[]> out = new ArrayList<>(3);
        if (!(event instanceof ChatEvent.Started)) {
            flushStart(out);
        }
        switch (event) {
            case ChatEvent.Started started -> pendingStart = started;
            case ChatEvent.Usage reported -> {
                if (finished != null && !deltaSent) {
                    messageDelta(out);
                }
            }
            case ChatEvent.TextDelta delta -> {
                if (!delta.text().isEmpty()) {
                    open(Block.TEXT, out, g -> g.writeStringField("text", ""));
                    blockDelta(out, "text_delta", "text", delta.text());
                }
            }
            case ChatEvent.ThinkingDelta delta -> {
                if (!delta.text().isEmpty()) {
                    openThinking(out);
                    blockDelta(out, "thinking_delta", "thinking", delta.text());
                }
            }
            case ChatEvent.ThinkingSignature signature -> {
                openThinking(out);
                blockDelta(out, "signature_delta", "signature", signature.signature());
            }
            case ChatEvent.ToolCallStarted call -> {
                close(out);
                openToolCall = call.index();
                open(Block.TOOL_USE, out, g -> {
                    g.writeStringField("id", call.id());
                    g.writeStringField("name", call.name());
                    g.writeObjectFieldStart("input");
                    g.writeEndObject();
                });
            }
            case ChatEvent.ToolArgumentsDelta delta -> {
                if (open != Block.TOOL_USE || openToolCall != delta.index()) {
                    throw new GatewayException.UpstreamUnavailable("The upstream interleaved the arguments of several tool calls,"
                            + " which an Anthropic stream cannot carry.");
                }
                blockDelta(out, "input_json_delta", "partial_json", delta.json());
            }
            case ChatEvent.Finished stop -> {
                close(out);
                finished = stop;
            }
            case ChatEvent.Ended ended -> {
                close(out);
                if (!deltaSent) {
                    messageDelta(out);
                }
                out.add(event("message_stop", g -> {
                }));
            }
        }
        return out;
    }

    @Override
    public List<byte[]> error(GatewayException error) {
        return List.of(sse("error", AnthropicErrors.body(error)));
    }

    private void flushStart(List<byte[]> out) {
        if (pendingStart == null) {
            return;
        }
        ChatEvent.Started started = pendingStart;
        pendingStart = null;
        out.add(event("message_start", g -> {
            g.writeObjectFieldStart("message");
            g.writeStringField("id", MessageCodec.messageId(started.id()));
            g.writeStringField("type", "message");
            g.writeStringField("role", "assistant");
            g.writeStringField("model", started.model());
            g.writeArrayFieldStart("content");
            g.writeEndArray();
            g.writeNullField("stop_reason");
            g.writeNullField("stop_sequence");
            g.writeObjectFieldStart("usage");
            AnthropicUsage.write(g, usage, null);
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    private void openThinking(List<byte[]> out) {
        open(Block.THINKING, out, g -> {
            g.writeStringField("thinking", "");
            g.writeStringField("signature", "");
        });
    }

    /** Opens a block of this kind unless one is open already; a tool_use block is always new. */
    private void open(Block kind, List<byte[]> out, Data fields) {
        if (open == kind && kind != Block.TOOL_USE) {
            return;
        }
        close(out);
        open = kind;
        int index = blocks++;
        String type = switch (kind) {
            case TEXT -> "text";
            case THINKING -> "thinking";
            case TOOL_USE -> "tool_use";
            case NONE -> throw new IllegalArgumentException("cannot open no block");
        };
        out.add(event("content_block_start", g -> {
            g.writeNumberField("index", index);
            g.writeObjectFieldStart("content_block");
            g.writeStringField("type", type);
            fields.write(g);
            g.writeEndObject();
        }));
    }

    private void close(List<byte[]> out) {
        if (open == Block.NONE) {
            return;
        }
        int index = blocks - 1;
        open = Block.NONE;
        out.add(event("content_block_stop", g -> g.writeNumberField("index", index)));
    }

    private void blockDelta(List<byte[]> out, String type, String field, String value) {
        int index = blocks - 1;
        out.add(event("content_block_delta", g -> {
            g.writeNumberField("index", index);
            g.writeObjectFieldStart("delta");
            g.writeStringField("type", type);
            g.writeStringField(field, value);
            g.writeEndObject();
        }));
    }

    private void messageDelta(List<byte[]> out) {
        deltaSent = true;
        // A stream that ended without a reason ended normally: Ended says the upstream finished it.
        String stopReason = AnthropicStopReasons.encode(finished == null ? StopReason.END_TURN : finished.reason());
        String stopSequence = finished == null ? null : finished.stopSequence();
        out.add(event("message_delta", g -> {
            g.writeObjectFieldStart("delta");
            g.writeStringField("stop_reason", stopReason);
            g.writeStringField("stop_sequence", stopSequence);
            g.writeEndObject();
            g.writeObjectFieldStart("usage");
            AnthropicUsage.write(g, usage, cost);
            g.writeEndObject();
        }));
    }

    /** One event whose data is {@code {"type": name, ...fields}}, as Anthropic names its events after their type. */
    private static byte[] event(String name, Data fields) {
        ByteArrayOutputStream json = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            g.writeStringField("type", name);
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return sse(name, json.toByteArray());
    }

    private static byte[] sse(String name, byte[] data) {
        byte[] head = ("event: " + name + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        byte[] event = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, event, 0, head.length);
        System.arraycopy(data, 0, event, head.length, data.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        return event;
    }
}
