package dev.switchboard.dialect.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.chat.ChatRequest.Text;
import dev.switchboard.chat.ChatRequest.Thinking;
import dev.switchboard.chat.ChatRequest.ToolCall;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.error.GatewayException;
import dev.switchboard.json.StrictJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete Anthropic message (a non-streamed answer) and {@link ChatResult}, both ways. Content
 * blocks that only server tools produce ({@code server_tool_use}, {@code web_search_tool_result},
 * ...) cannot occur, because requests with server tools are refused, and are skipped if they do.
 */
final class MessageCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageCodec() {
    }

    static ChatResult decode(byte[] body, InstantSource clock) {
        JsonNode message;
        try {
            message = StrictJson.readTree(body);
        } catch (IOException e) {
            throw notAMessage();
        }
        if (!message.path("id").isTextual() || !message.path("content").isArray()) {
            throw notAMessage();
        }
        List<Part> content = new ArrayList<>(message.path("content").size());
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> content.add(Text.of(block.path("text").asText()));
                case "tool_use" -> content.add(new ToolCall(block.path("id").asText(), block.path("name").asText(), block.path("input")));
                case "thinking" -> content.add(new Thinking(block.path("thinking").asText(), textOrNull(block.path("signature")), false));
                case "redacted_thinking" -> content.add(new Thinking(block.path("data").asText(), null, true));
                default -> {
                }
            }
        }
        JsonNode usage = message.path("usage");
        return new ChatResult(message.path("id").asText(), textOrNull(message.path("model")), content,
                AnthropicStopReasons.decode(textOrNull(message.path("stop_reason"))), textOrNull(message.path("stop_sequence")),
                usage.isObject() ? AnthropicUsage.fromTree(usage) : null, clock.instant().getEpochSecond());
    }

    static byte[] encode(ChatResult result, BigDecimal cost) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", messageId(result.id()));
            g.writeStringField("type", "message");
            g.writeStringField("role", "assistant");
            g.writeStringField("model", result.model());
            g.writeArrayFieldStart("content");
            for (Part part : result.content()) {
                writeBlock(g, part);
            }
            g.writeEndArray();
            g.writeStringField("stop_reason", AnthropicStopReasons.encode(result.stopReason()));
            g.writeStringField("stop_sequence", result.stopSequence());
            g.writeObjectFieldStart("usage");
            AnthropicUsage.write(g, result.usage(), cost);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Anthropic's ids start with {@code msg_}; another vendor's id keeps its value behind the prefix. */
    static String messageId(String id) {
        return id.startsWith("msg_") ? id : "msg_" + id;
    }

    private static void writeBlock(JsonGenerator g, Part part) throws IOException {
        g.writeStartObject();
        switch (part) {
            case Text text -> {
                g.writeStringField("type", "text");
                g.writeStringField("text", text.text());
            }
            case ToolCall call -> {
                g.writeStringField("type", "tool_use");
                g.writeStringField("id", call.id());
                g.writeStringField("name", call.name());
                g.writeFieldName("input");
                if (call.arguments() != null && call.arguments().isObject()) {
                    g.writeTree(call.arguments());
                } else {
                    // Anthropic's clients expect an object; a vendor's empty or broken arguments become {}.
                    g.writeStartObject();
                    g.writeEndObject();
                }
            }
            case Thinking thinking when thinking.redacted() -> {
                g.writeStringField("type", "redacted_thinking");
                g.writeStringField("data", thinking.text());
            }
            case Thinking thinking -> {
                g.writeStringField("type", "thinking");
                g.writeStringField("thinking", thinking.text());
                // Anthropic's clients expect the field; another vendor's reasoning has no signature.
                g.writeStringField("signature", thinking.signature() == null ? "" : thinking.signature());
            }
            default -> throw new IllegalArgumentException("an answer cannot contain " + part.getClass().getSimpleName());
        }
        g.writeEndObject();
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static GatewayException notAMessage() {
        return new GatewayException.UpstreamUnavailable("The Anthropic upstream answered with something that is not a message.");
    }
}
