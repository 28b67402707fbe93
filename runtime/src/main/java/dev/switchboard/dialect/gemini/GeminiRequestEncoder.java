package dev.switchboard.dialect.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.ResponseFormat;
import dev.switchboard.chat.ChatRequest.ToolChoice;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.error.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a neutral request as a {@code GenerateContentRequest} body: {@code systemInstruction},
 * {@code contents} (see {@link GeminiContents}), {@code tools}, {@code toolConfig} and
 * {@code generationConfig}, in one pass with a {@link JsonGenerator} and no intermediate tree.
 *
 * <p>Checks that need no output run before anything is written; the conversation's own checks
 * (media types, tool names) throw mid-write, which only discards the buffer.
 */
final class GeminiRequestEncoder {
    // Gemini thinks in token budgets; these are the budgets Google's own OpenAI-compatible endpoint
    // gives OpenAI's reasoning efforts, so a client sees the same behaviour through either route.
    private static final int LOW_BUDGET = 1024;
    private static final int MEDIUM_BUDGET = 8192;
    private static final int HIGH_BUDGET = 24576;

    private GeminiRequestEncoder() {
    }

    static byte[] encode(ChatRequest request) {
        rejectUntranslatable(request);
        Integer thinkingBudget = thinkingBudget(request.reasoning());
        ByteArrayBuilder out = new ByteArrayBuilder(4096);
        try (JsonGenerator g = GeminiDialect.JSON.createGenerator(out)) {
            g.writeStartObject();
            writeSystem(g, request);
            GeminiContents.write(g, request.messages());
            writeTools(g, request);
            writeGenerationConfig(g, request, thinkingBudget);
            g.writeEndObject();
        } catch (StreamConstraintsException e) {
            throw UpstreamDialect.nestedTooDeep();
        } catch (IOException e) {
            // Writing to memory cannot fail for I/O reasons; this is a bug, not a bad request.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /*
     * Dropped rather than rejected, because they only advise and Gemini has no field for them:
     * user (an abuse-monitoring id; Gemini's API keys already identify the caller) and each tool's
     * strict flag and the JSON schema's name and strict flag (Gemini's schema-constrained output
     * has no lax mode to switch off).
     */
    private static void rejectUntranslatable(ChatRequest request) {
        if (Boolean.FALSE.equals(request.parallelToolCalls())) {
            throw new GatewayException.InvalidRequest(
                    "Gemini cannot limit the model to one tool call per turn: remove parallel_tool_calls=false "
                            + "(disable_parallel_tool_use) for this model.", "parallel_tool_calls");
        }
        if (request.seed() != null && (request.seed() < Integer.MIN_VALUE || request.seed() > Integer.MAX_VALUE)) {
            throw new GatewayException.InvalidRequest(
                    "Gemini takes a 32-bit seed; " + request.seed() + " is out of range.", "seed");
        }
    }

    private static void writeSystem(JsonGenerator g, ChatRequest request) throws IOException {
        boolean open = false;
        for (ChatRequest.Text text : request.system()) {
            // Gemini rejects empty text parts; an empty instruction says nothing anyway.
            if (text.text().isEmpty()) {
                continue;
            }
            if (!open) {
                g.writeObjectFieldStart("systemInstruction");
                g.writeArrayFieldStart("parts");
                open = true;
            }
            // cache_control is dropped: Gemini caches repeated prefixes implicitly and has no marker.
            g.writeStartObject();
            g.writeStringField("text", text.text());
            g.writeEndObject();
        }
        if (open) {
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeTools(JsonGenerator g, ChatRequest request) throws IOException {
        if (!request.tools().isEmpty()) {
            g.writeArrayFieldStart("tools");
            g.writeStartObject();
            g.writeArrayFieldStart("functionDeclarations");
            for (ChatRequest.Tool tool : request.tools()) {
                g.writeStartObject();
                g.writeStringField("name", tool.name());
                if (tool.description() != null) {
                    g.writeStringField("description", tool.description());
                }
                // parametersJsonSchema takes JSON Schema as is; the older "parameters" field takes only
                // an OpenAPI subset and rejects $ref, additionalProperties and friends, which clients'
                // schemas use freely. So the schema passes through unchanged.
                if (tool.parameters() != null && !tool.parameters().isNull()) {
                    g.writeFieldName("parametersJsonSchema");
                    g.writeTree(tool.parameters());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
        }
        if (request.toolChoice() != null) {
            g.writeObjectFieldStart("toolConfig");
            g.writeObjectFieldStart("functionCallingConfig");
            switch (request.toolChoice()) {
                case ToolChoice.Auto auto -> g.writeStringField("mode", "AUTO");
                case ToolChoice.None none -> g.writeStringField("mode", "NONE");
                case ToolChoice.Required required -> g.writeStringField("mode", "ANY");
                case ToolChoice.Named named -> {
                    g.writeStringField("mode", "ANY");
                    g.writeArrayFieldStart("allowedFunctionNames");
                    g.writeString(named.name());
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static void writeGenerationConfig(JsonGenerator g, ChatRequest request, Integer thinkingBudget) throws IOException {
        boolean json = !(request.responseFormat() instanceof ResponseFormat.PlainText);
        if (request.maxTokens() == null && request.temperature() == null && request.topP() == null
                && request.topK() == null && request.stop().isEmpty() && request.seed() == null
                && !json && thinkingBudget == null) {
            return;
        }
        g.writeObjectFieldStart("generationConfig");
        if (!request.stop().isEmpty()) {
            g.writeArrayFieldStart("stopSequences");
            for (String stop : request.stop()) {
                g.writeString(stop);
            }
            g.writeEndArray();
        }
        if (request.maxTokens() != null) {
            g.writeNumberField("maxOutputTokens", request.maxTokens());
        }
        if (request.temperature() != null) {
            g.writeNumberField("temperature", request.temperature());
        }
        if (request.topP() != null) {
            g.writeNumberField("topP", request.topP());
        }
        if (request.topK() != null) {
            g.writeNumberField("topK", request.topK());
        }
        if (request.seed() != null) {
            g.writeNumberField("seed", request.seed().intValue());
        }
        if (json) {
            g.writeStringField("responseMimeType", "application/json");
            if (request.responseFormat() instanceof ResponseFormat.JsonSchema schema && schema.schema() != null) {
                // responseJsonSchema takes JSON Schema as is, unlike the OpenAPI-subset responseSchema.
                g.writeFieldName("responseJsonSchema");
                g.writeTree(schema.schema());
            }
        }
        if (thinkingBudget != null) {
            g.writeObjectFieldStart("thinkingConfig");
            g.writeNumberField("thinkingBudget", thinkingBudget);
            // Without includeThoughts Gemini thinks but returns nothing of it; with it, thought
            // summaries come back as thought parts, which become Thinking content.
            if (thinkingBudget > 0) {
                g.writeBooleanField("includeThoughts", true);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** The thinking budget for the request's reasoning setting, or null to leave the model's default. */
    private static Integer thinkingBudget(ChatRequest.Reasoning reasoning) {
        if (reasoning == null) {
            return null;
        }
        if (reasoning.budgetTokens() != null) {
            if (reasoning.budgetTokens() < 0) {
                throw new GatewayException.InvalidRequest(
                        "The thinking budget must not be negative; got " + reasoning.budgetTokens() + ".", "reasoning");
            }
            return reasoning.budgetTokens();
        }
        if (reasoning.effort() == null) {
            return null;
        }
        return switch (reasoning.effort()) {
            case "none", "minimal" -> 0;
            case "low" -> LOW_BUDGET;
            case "medium" -> MEDIUM_BUDGET;
            case "high" -> HIGH_BUDGET;
            default -> throw new GatewayException.InvalidRequest(
                    "Unknown reasoning effort '" + reasoning.effort() + "': Gemini takes none, minimal, low, medium or high.",
                    "reasoning_effort");
        };
    }
}
