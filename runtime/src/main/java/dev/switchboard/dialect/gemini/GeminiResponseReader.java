package dev.switchboard.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.chat.StopReason;
import dev.switchboard.error.GatewayException;
import dev.switchboard.json.StrictJson;
import dev.switchboard.usage.TokenUsage;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads a {@code GenerateContentResponse}, whole or one stream chunk at a time: the first
 * candidate's parts, its finish reason, and the usage metadata. The gateway never asks for more
 * than one candidate. Part kinds the gateway never requests (code execution, generated images)
 * are skipped.
 */
final class GeminiResponseReader {
    private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    // As long as OpenAI's own call ids, so no client's id handling meets a surprise.
    private static final int ID_LENGTH = 24;

    private GeminiResponseReader() {
    }

    static ChatResult read(byte[] body, Clock clock) {
        JsonNode root = parse(body, "an answer");
        JsonNode candidate = root.path("candidates").path(0);
        List<Part> content = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder thought = new StringBuilder();
        boolean calledTools = false;
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.has("functionCall")) {
                flush(content, text, thought);
                content.add(toolCall(part.get("functionCall")));
                calledTools = true;
            } else if (part.path("text").isTextual()) {
                // Gemini may split one answer into several text parts; clients expect one block per kind.
                boolean isThought = part.path("thought").asBoolean(false);
                if (isThought ? !text.isEmpty() : !thought.isEmpty()) {
                    flush(content, text, thought);
                }
                (isThought ? thought : text).append(part.get("text").asText());
            }
        }
        flush(content, text, thought);
        StopReason reason;
        if (!candidate.isMissingNode()) {
            reason = stopReason(candidate.path("finishReason").textValue(), calledTools);
        } else {
            reason = blocked(root) ? StopReason.CONTENT_FILTER : StopReason.OTHER;
        }
        JsonNode usage = root.path("usageMetadata");
        return new ChatResult(id(root), root.path("modelVersion").textValue(), content, reason, null,
                usage.isObject() ? usage(usage) : null, clock.instant().getEpochSecond());
    }

    private static void flush(List<Part> content, StringBuilder text, StringBuilder thought) {
        if (!thought.isEmpty()) {
            content.add(new ChatRequest.Thinking(thought.toString(), null, false));
            thought.setLength(0);
        }
        if (!text.isEmpty()) {
            content.add(ChatRequest.Text.of(text.toString()));
            text.setLength(0);
        }
    }

    /** @param what the body's name with its article, for the error, e.g. {@code "an answer"} */
    static JsonNode parse(byte[] body, String what) {
        try {
            JsonNode root = StrictJson.readTree(body);
            if (root.isObject()) {
                return root;
            }
        } catch (IOException notJson) {
            // Reported below, like any other body that is not Gemini's.
        }
        throw new GatewayException.UpstreamUnavailable("Gemini sent " + what + " that is not a JSON object.");
    }

    static ChatRequest.ToolCall toolCall(JsonNode call) {
        JsonNode args = call.path("args");
        String id = call.path("id").textValue();
        return new ChatRequest.ToolCall(id != null && !id.isEmpty() ? id : newId("call_"), call.path("name").asText(),
                args.isObject() ? args : GeminiDialect.JSON.createObjectNode());
    }

    /** The answer's id: Gemini's responseId, or a fresh one when it sent none. */
    static String id(JsonNode root) {
        String id = root.path("responseId").textValue();
        return id != null && !id.isEmpty() ? id : newId("gemini-");
    }

    /** True when Gemini refused the prompt itself, answering with no candidates. */
    static boolean blocked(JsonNode root) {
        return root.path("promptFeedback").hasNonNull("blockReason");
    }

    /**
     * Gemini says {@code STOP} for a finished turn, a produced stop sequence and a turn that
     * ended in function calls alike; the last is told apart by the calls themselves.
     */
    static StopReason stopReason(String finishReason, boolean calledTools) {
        if (finishReason == null || finishReason.equals("STOP")) {
            return calledTools ? StopReason.TOOL_CALLS : StopReason.END_TURN;
        }
        return switch (finishReason) {
            case "MAX_TOKENS" -> StopReason.MAX_TOKENS;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                 "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> StopReason.CONTENT_FILTER;
            default -> StopReason.OTHER;
        };
    }

    /**
     * Gemini's counters in OpenAI's convention. {@code promptTokenCount} already includes the
     * cached tokens, but {@code candidatesTokenCount} excludes {@code thoughtsTokenCount}, so output
     * is their sum. Tool-use prompt tokens (from built-in tools) are billed as input. Gemini's
     * implicit cache has no write charge, so nothing is counted as cache-written.
     */
    static TokenUsage usage(JsonNode meta) {
        long input = count(meta, "promptTokenCount") + count(meta, "toolUsePromptTokenCount");
        long thoughts = count(meta, "thoughtsTokenCount");
        // Clamped rather than failing the answer, should the counters ever disagree.
        long cached = Math.min(count(meta, "cachedContentTokenCount"), input);
        return new TokenUsage(input, cached, 0, count(meta, "candidatesTokenCount") + thoughts, thoughts);
    }

    private static long count(JsonNode meta, String field) {
        return Math.max(0, meta.path(field).asLong(0));
    }

    private static String newId(String prefix) {
        // Unique, not secret: ids only pair results with calls, so a fast generator does.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return prefix + new String(id);
    }
}
