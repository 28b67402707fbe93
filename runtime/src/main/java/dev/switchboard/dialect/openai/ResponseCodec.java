package dev.switchboard.dialect.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.chat.ChatRequest.Text;
import dev.switchboard.chat.ChatRequest.Thinking;
import dev.switchboard.chat.ChatRequest.ToolCall;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.chat.StopReason;
import dev.switchboard.error.GatewayException;
import dev.switchboard.json.StrictJson;
import dev.switchboard.usage.CostField;
import dev.switchboard.usage.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Complete (non-streamed) answers both ways: an upstream's {@code chat.completion} into a
 * {@link ChatResult}, and a {@link ChatResult} into the {@code chat.completion} a client expects.
 * The finish-reason and usage mappings here are shared with the stream codecs.
 *
 * <p>Visible reasoning travels as {@code reasoning_content} on the message, the field DeepSeek
 * introduced and vLLM and most OpenAI-compatible clients read; OpenAI's own API shows no
 * reasoning, so there is no official field. Signatures and redacted reasoning have no place in
 * this format and are not sent to clients.
 */
final class ResponseCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseCodec() {
    }

    static ChatResult decode(byte[] body) {
        JsonNode root;
        try {
            root = StrictJson.readTree(body);
        } catch (IOException e) {
            throw new GatewayException.UpstreamUnavailable("The upstream's answer is not JSON: " + e.getClass().getSimpleName());
        }
        JsonNode choice = root.path("choices").path(0);
        if (!choice.isObject()) {
            throw new GatewayException.UpstreamUnavailable("The upstream's answer is not a chat completion: it has no choices.");
        }
        // The encoder never asks for n > 1, so choice 0 is the answer.
        JsonNode message = choice.path("message");
        List<Part> content = new ArrayList<>(2);
        String reasoning = reasoningText(message);
        if (reasoning != null && !reasoning.isEmpty()) {
            content.add(new Thinking(reasoning, null, false));
        }
        addText(content, message.path("content"));
        addText(content, message.path("refusal"));
        JsonNode toolCalls = message.path("tool_calls");
        for (int i = 0; i < toolCalls.size(); i++) {
            JsonNode call = toolCalls.get(i);
            JsonNode function = call.path("function");
            content.add(new ToolCall(callId(call.path("id"), i), function.path("name").asText(""),
                    arguments(function.path("arguments").asText(""))));
        }
        String finishReason = choice.path("finish_reason").textValue();
        String stopSequence = stopSequence(choice);
        return new ChatResult(root.path("id").asText(""), root.path("model").asText(""), content,
                stopReason(finishReason, stopSequence), stopSequence, OpenAiUsage.of(root.get("usage")),
                root.path("created").asLong(0));
    }

    /** DeepSeek and older vLLM say {@code reasoning_content}; newer vLLM and OpenRouter say {@code reasoning}. */
    static String reasoningText(JsonNode messageOrDelta) {
        JsonNode reasoning = messageOrDelta.get("reasoning_content");
        if (reasoning == null || !reasoning.isTextual()) {
            reasoning = messageOrDelta.get("reasoning");
        }
        return reasoning != null && reasoning.isTextual() ? reasoning.textValue() : null;
    }

    /** Some OpenAI-compatible servers leave ids out; clients need one to send the result back. */
    static String callId(JsonNode id, int index) {
        return id.isTextual() && !id.textValue().isEmpty() ? id.textValue() : "call_" + index;
    }

    private static void addText(List<Part> content, JsonNode text) {
        if (text.isTextual() && !text.textValue().isEmpty()) {
            content.add(Text.of(text.textValue()));
        }
    }

    /**
     * Arguments the model wrote. A model cut off mid-call (or a weak one) writes JSON that does not
     * parse; it is kept as a string node so the client still sees exactly what was written.
     */
    private static JsonNode arguments(String arguments) {
        if (arguments.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return StrictJson.readTree(arguments);
        } catch (IOException notJson) {
            return TextNode.valueOf(arguments);
        }
    }

    /** vLLM names the stop sequence that matched in {@code stop_reason}; OpenAI does not say. */
    static String stopSequence(JsonNode choice) {
        JsonNode stopReason = choice.get("stop_reason");
        return stopReason != null && stopReason.isTextual() ? stopReason.textValue() : null;
    }

    static StopReason stopReason(String finishReason, String stopSequence) {
        if (finishReason == null) {
            return StopReason.OTHER;
        }
        return switch (finishReason) {
            case "stop" -> stopSequence != null ? StopReason.STOP_SEQUENCE : StopReason.END_TURN;
            case "length" -> StopReason.MAX_TOKENS;
            case "tool_calls", "function_call" -> StopReason.TOOL_CALLS;
            case "content_filter" -> StopReason.CONTENT_FILTER;
            default -> StopReason.OTHER;
        };
    }

    /** OpenAI's enum has no "other"; {@code stop} is what its SDKs treat as a normal end. */
    static String finishReason(StopReason reason) {
        return switch (reason) {
            case END_TURN, STOP_SEQUENCE, OTHER -> "stop";
            case MAX_TOKENS -> "length";
            case TOOL_CALLS -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
        };
    }

    static byte[] encode(ChatResult result, BigDecimal cost) {
        ByteArrayBuilder out = new ByteArrayBuilder();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", result.id());
            g.writeStringField("object", "chat.completion");
            g.writeNumberField("created", result.created());
            g.writeStringField("model", result.model());
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            message(g, result.content());
            g.writeNullField("logprobs");
            g.writeStringField("finish_reason", finishReason(result.stopReason()));
            g.writeEndObject();
            g.writeEndArray();
            if (result.usage() != null) {
                g.writeFieldName("usage");
                usage(g, result.usage(), cost);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void message(JsonGenerator g, List<Part> content) throws IOException {
        StringBuilder text = null;
        StringBuilder reasoning = null;
        boolean toolCalls = false;
        for (Part part : content) {
            switch (part) {
                case Text t -> text = text == null ? new StringBuilder(t.text()) : text.append(t.text());
                case Thinking t when !t.redacted() -> reasoning = reasoning == null ? new StringBuilder(t.text()) : reasoning.append(t.text());
                case ToolCall call -> toolCalls = true;
                // Redacted reasoning is opaque data, and answers hold no other kinds of part.
                default -> {
                }
            }
        }
        g.writeObjectFieldStart("message");
        g.writeStringField("role", "assistant");
        if (text != null) {
            g.writeStringField("content", text.toString());
        } else {
            g.writeNullField("content");
        }
        if (reasoning != null) {
            g.writeStringField("reasoning_content", reasoning.toString());
        }
        if (toolCalls) {
            RequestEncoder.writeToolCalls(g, content);
        }
        g.writeNullField("refusal");
        g.writeEndObject();
    }

    /**
     * OpenAI's usage object, with the gateway's cost as {@code cost_usd} like the pass-through
     * relay adds it. Cache writes have no OpenAI counter; they go in {@code cache_write_tokens},
     * a spelling {@link OpenAiUsage} reads back, only when there are any.
     */
    static void usage(JsonGenerator g, TokenUsage usage, BigDecimal cost) throws IOException {
        g.writeStartObject();
        g.writeNumberField("prompt_tokens", usage.inputTokens());
        g.writeNumberField("completion_tokens", usage.outputTokens());
        g.writeNumberField("total_tokens", usage.totalTokens());
        g.writeObjectFieldStart("prompt_tokens_details");
        g.writeNumberField("cached_tokens", usage.cacheReadTokens());
        if (usage.cacheWriteTokens() > 0) {
            g.writeNumberField("cache_write_tokens", usage.cacheWriteTokens());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("completion_tokens_details");
        g.writeNumberField("reasoning_tokens", usage.reasoningTokens());
        g.writeEndObject();
        if (cost != null) {
            g.writeFieldName(CostField.NAME);
            g.writeNumber(cost.toPlainString());
        }
        g.writeEndObject();
    }
}
