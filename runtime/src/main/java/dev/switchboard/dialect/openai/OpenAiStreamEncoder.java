package dev.switchboard.dialect.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.dialect.StreamEncoder;
import dev.switchboard.error.GatewayException;
import dev.switchboard.usage.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes neutral events as the {@code chat.completion.chunk} stream OpenAI itself sends: a first
 * chunk with the assistant role and empty content, one chunk per delta, a finish chunk with an
 * empty delta, then, only if the client asked with {@code stream_options.include_usage}, a usage
 * chunk with no choices, and {@code data: [DONE]}. Every chunk repeats the id, creation time and
 * model of {@link ChatEvent.Started}.
 *
 * <p>Usage may arrive more than once (Anthropic reports input tokens first and output tokens at
 * the end), so the last one is held and written once, just before {@code [DONE]}, where OpenAI's
 * clients look for it. Reasoning goes out as {@code reasoning_content} deltas, as in
 * {@link ResponseCodec}; signatures have no place in this format.
 *
 * <p>Not thread-safe: one encoder writes one stream.
 */
final class OpenAiStreamEncoder implements StreamEncoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_EVENT = "event: error\n".getBytes(StandardCharsets.US_ASCII);

    private final boolean includeUsage;
    private String id;
    private String model;
    private long created;
    private TokenUsage usage;

    /** @param includeUsage whether the client asked for the usage chunk */
    OpenAiStreamEncoder(boolean includeUsage) {
        this.includeUsage = includeUsage;
    }

    @Override
    public List<byte[]> encode(ChatEvent event, BigDecimal cost) {
        try {
            return switch (event) {
                case ChatEvent.Started started -> {
                    id = started.id();
                    model = started.model();
                    created = started.created();
                    JsonGenerator g = open();
                    g.writeStringField("role", "assistant");
                    g.writeStringField("content", "");
                    yield List.of(close(g, null));
                }
                case ChatEvent.TextDelta text -> {
                    JsonGenerator g = open();
                    g.writeStringField("content", text.text());
                    yield List.of(close(g, null));
                }
                case ChatEvent.ThinkingDelta thinking -> {
                    JsonGenerator g = open();
                    g.writeStringField("reasoning_content", thinking.text());
                    yield List.of(close(g, null));
                }
                case ChatEvent.ThinkingSignature signature -> List.of();
                case ChatEvent.ToolCallStarted call -> {
                    JsonGenerator g = openToolCall(call.index());
                    g.writeStringField("id", call.id());
                    g.writeStringField("type", "function");
                    g.writeObjectFieldStart("function");
                    g.writeStringField("name", call.name());
                    g.writeStringField("arguments", "");
                    yield List.of(closeToolCall(g));
                }
                case ChatEvent.ToolArgumentsDelta delta -> {
                    JsonGenerator g = openToolCall(delta.index());
                    g.writeObjectFieldStart("function");
                    g.writeStringField("arguments", delta.json());
                    yield List.of(closeToolCall(g));
                }
                case ChatEvent.Finished finished -> List.of(close(open(), ResponseCodec.finishReason(finished.reason())));
                case ChatEvent.Usage reported -> {
                    usage = reported.usage();
                    yield List.of();
                }
                case ChatEvent.Ended ended -> includeUsage && usage != null ? List.of(usageChunk(cost), DONE) : List.of(DONE);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    /** A named {@code error} event with OpenAI's error object, and no {@code [DONE]}, as the pass-through relay ends a failed stream. */
    @Override
    public List<byte[]> error(GatewayException error) {
        byte[] body = OpenAiErrors.body(error);
        ByteArrayBuilder out = new ByteArrayBuilder(ERROR_EVENT.length + DATA.length + body.length + END.length);
        out.write(ERROR_EVENT);
        out.write(DATA);
        out.write(body);
        out.write(END);
        return List.of(out.toByteArray());
    }

    /** Starts a chunk and leaves the generator inside {@code choices[0].delta}. */
    private JsonGenerator open() throws IOException {
        JsonGenerator g = header();
        g.writeArrayFieldStart("choices");
        g.writeStartObject();
        g.writeNumberField("index", 0);
        g.writeObjectFieldStart("delta");
        return g;
    }

    private byte[] close(JsonGenerator g, String finishReason) throws IOException {
        g.writeEndObject();
        g.writeNullField("logprobs");
        g.writeStringField("finish_reason", finishReason);
        g.writeEndObject();
        g.writeEndArray();
        // OpenAI sends "usage": null on every chunk of a stream that will end with usage.
        if (includeUsage) {
            g.writeNullField("usage");
        }
        return finish(g);
    }

    /** Starts a chunk and leaves the generator inside the delta's only tool call. */
    private JsonGenerator openToolCall(int index) throws IOException {
        JsonGenerator g = open();
        g.writeArrayFieldStart("tool_calls");
        g.writeStartObject();
        g.writeNumberField("index", index);
        return g;
    }

    /** Closes the tool call's {@code function}, the call and the array, then the chunk. */
    private byte[] closeToolCall(JsonGenerator g) throws IOException {
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        return close(g, null);
    }

    private byte[] usageChunk(BigDecimal cost) throws IOException {
        JsonGenerator g = header();
        g.writeArrayFieldStart("choices");
        g.writeEndArray();
        g.writeFieldName("usage");
        ResponseCodec.usage(g, usage, cost);
        return finish(g);
    }

    private JsonGenerator header() throws IOException {
        if (id == null) {
            throw new IllegalStateException("a stream's first event must be Started");
        }
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        out.write(DATA);
        JsonGenerator g = JSON.createGenerator(out);
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("object", "chat.completion.chunk");
        g.writeNumberField("created", created);
        g.writeStringField("model", model);
        return g;
    }

    /** Ends the chunk's object and returns the event; {@link #header} made the generator's target. */
    private static byte[] finish(JsonGenerator g) throws IOException {
        g.writeEndObject();
        g.close();
        ByteArrayBuilder out = (ByteArrayBuilder) g.getOutputTarget();
        out.write(END);
        return out.toByteArray();
    }
}
