package dev.switchboard.dialect.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.Document;
import dev.switchboard.chat.ChatRequest.Image;
import dev.switchboard.chat.ChatRequest.Message;
import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.chat.ChatRequest.ResponseFormat;
import dev.switchboard.chat.ChatRequest.Role;
import dev.switchboard.chat.ChatRequest.Text;
import dev.switchboard.chat.ChatRequest.Thinking;
import dev.switchboard.chat.ChatRequest.Tool;
import dev.switchboard.chat.ChatRequest.ToolCall;
import dev.switchboard.chat.ChatRequest.ToolChoice;
import dev.switchboard.chat.ChatRequest.ToolResult;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.error.GatewayException.InvalidRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link ChatRequest} as an Anthropic Messages request body, streaming it out with a
 * {@link JsonGenerator}. Requests come from clients of another dialect (OpenAI's), so the 400s
 * name OpenAI's parameters.
 *
 * <p>Anthropic is stricter than the neutral model in ways that are fixed here, not passed on:
 * <ul>
 *   <li>{@code max_tokens} is required: {@link #DEFAULT_MAX_TOKENS} when the client set none, plus the
 *       thinking budget when thinking is on (the budget must fit below {@code max_tokens});</li>
 *   <li>roles must alternate, so consecutive turns of one role are merged, and a user turn's
 *       {@code tool_result} blocks must come before its other content;</li>
 *   <li>empty text blocks are refused, so they are left out (they say nothing); so are thinking
 *       parts without a signature (another vendor's reasoning, which Anthropic cannot verify and
 *       would refuse; it is the model's own earlier output, not the client's input);</li>
 *   <li>a reasoning effort becomes a thinking budget (low 1024, medium 4096, high 16384; minimal
 *       and none turn thinking off), capped below the client's output limit, which in OpenAI's
 *       dialect also counts reasoning;</li>
 *   <li>while thinking is on, Anthropic refuses a changed temperature, top_k, a top_p below 0.95
 *       and a forced tool choice: each is a 400 here rather than a quietly different request.</li>
 * </ul>
 * What Anthropic cannot do at all is a 400 naming it: {@code response_format} (the Messages API has
 * no JSON mode; emulating one with a forced tool would change the answer's shape) and {@code seed}.
 * Two hints are not carried: an image's {@code detail} (Anthropic chooses its own resolution) and a
 * tool's {@code strict} flag (Anthropic's API refuses the field without a beta header; its models
 * follow the schema regardless).
 */
final class RequestEncoder {
    /** Anthropic requires max_tokens; this is sent when the client set none. */
    static final int DEFAULT_MAX_TOKENS = 4096;
    // Anthropic's smallest thinking budget.
    private static final int MIN_THINKING_BUDGET = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestEncoder() {
    }

    static byte[] encode(ChatRequest request, String upstreamModel) {
        rejectUntranslatable(request);
        Integer budget = thinkingBudget(request);
        if (budget != null) {
            checkThinkingAllows(request);
        }
        int maxTokens = request.maxTokens() != null ? request.maxTokens() : DEFAULT_MAX_TOKENS + (budget == null ? 0 : budget);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", upstreamModel);
            g.writeNumberField("max_tokens", maxTokens);
            if (!request.system().isEmpty()) {
                g.writeArrayFieldStart("system");
                for (Text text : request.system()) {
                    writeText(g, text);
                }
                g.writeEndArray();
            }
            writeMessages(g, request.messages());
            writeTools(g, request);
            if (!request.stop().isEmpty()) {
                g.writeArrayFieldStart("stop_sequences");
                for (String stop : request.stop()) {
                    g.writeString(stop);
                }
                g.writeEndArray();
            }
            writeNumber(g, "temperature", request.temperature());
            writeNumber(g, "top_p", request.topP());
            if (request.topK() != null) {
                g.writeNumberField("top_k", request.topK());
            }
            if (budget != null) {
                g.writeObjectFieldStart("thinking");
                g.writeStringField("type", "enabled");
                g.writeNumberField("budget_tokens", budget);
                g.writeEndObject();
            }
            if (request.user() != null) {
                g.writeObjectFieldStart("metadata");
                g.writeStringField("user_id", request.user());
                g.writeEndObject();
            }
            if (request.stream()) {
                g.writeBooleanField("stream", true);
            }
            g.writeEndObject();
        } catch (StreamConstraintsException e) {
            throw UpstreamDialect.nestedTooDeep();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void rejectUntranslatable(ChatRequest request) {
        switch (request.responseFormat()) {
            case ResponseFormat.PlainText plain -> {
            }
            case ResponseFormat.JsonObject json ->
                    throw new InvalidRequest("response_format json_object is not supported by Anthropic models", "response_format");
            case ResponseFormat.JsonSchema schema ->
                    throw new InvalidRequest("response_format json_schema is not supported by Anthropic models", "response_format");
        }
        if (request.seed() != null) {
            throw new InvalidRequest("seed is not supported by Anthropic models", "seed");
        }
    }

    /** The thinking budget to send, or null for no thinking. */
    private static Integer thinkingBudget(ChatRequest request) {
        ChatRequest.Reasoning reasoning = request.reasoning();
        if (reasoning == null) {
            return null;
        }
        if (reasoning.budgetTokens() != null) {
            return reasoning.budgetTokens() > 0 ? reasoning.budgetTokens() : null;
        }
        if (reasoning.effort() == null) {
            return null;
        }
        int budget = switch (reasoning.effort()) {
            case "minimal", "none" -> 0;
            case "low" -> MIN_THINKING_BUDGET;
            case "medium" -> 4096;
            case "high" -> 16384;
            default -> throw new InvalidRequest("reasoning_effort '" + reasoning.effort()
                    + "' has no Anthropic equivalent: use minimal, low, medium or high", "reasoning_effort");
        };
        if (budget == 0) {
            return null;
        }
        if (request.maxTokens() != null) {
            budget = Math.min(budget, request.maxTokens() - 1);
            if (budget < MIN_THINKING_BUDGET) {
                throw new InvalidRequest("max_completion_tokens " + request.maxTokens() + " leaves no room for reasoning_effort '"
                        + reasoning.effort() + "': Anthropic models need a thinking budget of at least " + MIN_THINKING_BUDGET
                        + " tokens below the output limit", "max_completion_tokens");
            }
        }
        return budget;
    }

    private static void checkThinkingAllows(ChatRequest request) {
        if (request.temperature() != null && request.temperature() != 1.0) {
            throw new InvalidRequest("temperature cannot be changed while reasoning is on: Anthropic models think only at the default temperature", "temperature");
        }
        if (request.topK() != null) {
            throw new InvalidRequest("top_k cannot be set while reasoning is on for Anthropic models", "top_k");
        }
        if (request.topP() != null && request.topP() < 0.95) {
            throw new InvalidRequest("top_p below 0.95 cannot be combined with reasoning on Anthropic models", "top_p");
        }
        if (request.toolChoice() instanceof ToolChoice.Required || request.toolChoice() instanceof ToolChoice.Named) {
            throw new InvalidRequest("a tool_choice that forces a tool call cannot be combined with reasoning on Anthropic models", "tool_choice");
        }
    }

    private static void writeMessages(JsonGenerator g, List<Message> messages) throws IOException {
        // Filter first, then merge, so a turn left empty cannot break the alternation.
        List<Role> roles = new ArrayList<>(messages.size());
        List<List<Part>> turns = new ArrayList<>(messages.size());
        for (Message message : messages) {
            for (Part part : message.parts()) {
                if (!sendable(part)) {
                    continue;
                }
                if (roles.isEmpty() || roles.getLast() != message.role()) {
                    roles.add(message.role());
                    turns.add(new ArrayList<>(message.parts().size()));
                }
                turns.getLast().add(part);
            }
        }
        g.writeArrayFieldStart("messages");
        for (int i = 0; i < turns.size(); i++) {
            g.writeStartObject();
            g.writeStringField("role", roles.get(i) == Role.USER ? "user" : "assistant");
            g.writeArrayFieldStart("content");
            List<Part> parts = turns.get(i);
            for (Part part : parts) {
                if (part instanceof ToolResult) {
                    writePart(g, part);
                }
            }
            for (Part part : parts) {
                if (!(part instanceof ToolResult)) {
                    writePart(g, part);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static boolean sendable(Part part) {
        return switch (part) {
            case Text text -> !text.text().isEmpty();
            case Thinking thinking -> thinking.redacted() || (thinking.signature() != null && !thinking.signature().isEmpty());
            default -> true;
        };
    }

    private static void writePart(JsonGenerator g, Part part) throws IOException {
        switch (part) {
            case Text text -> writeText(g, text);
            case Image image -> writeMedia(g, "image", image.url(), image.mediaType(), image.base64(), null, image.cacheControl());
            case Document doc -> writeMedia(g, "document", doc.url(), doc.mediaType(), doc.base64(), doc.title(), doc.cacheControl());
            case ToolCall call -> {
                g.writeStartObject();
                g.writeStringField("type", "tool_use");
                g.writeStringField("id", call.id());
                g.writeStringField("name", call.name());
                g.writeFieldName("input");
                if (call.arguments() == null || call.arguments().isNull()) {
                    g.writeStartObject();
                    g.writeEndObject();
                } else if (call.arguments().isObject()) {
                    g.writeTree(call.arguments());
                } else {
                    throw new InvalidRequest("the arguments of tool call '" + call.id() + "' are not a JSON object, which Anthropic models require", "messages");
                }
                g.writeEndObject();
            }
            case ToolResult result -> writeToolResult(g, result);
            case Thinking thinking -> {
                g.writeStartObject();
                if (thinking.redacted()) {
                    g.writeStringField("type", "redacted_thinking");
                    g.writeStringField("data", thinking.text());
                } else {
                    g.writeStringField("type", "thinking");
                    g.writeStringField("thinking", thinking.text());
                    g.writeStringField("signature", thinking.signature());
                }
                g.writeEndObject();
            }
        }
    }

    private static void writeText(JsonGenerator g, Text text) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "text");
        g.writeStringField("text", text.text());
        writeCacheControl(g, text.cacheControl());
        g.writeEndObject();
    }

    private static void writeMedia(JsonGenerator g, String type, String url, String mediaType, String base64,
                                   String title, JsonNode cacheControl) throws IOException {
        if (url != null && url.startsWith("data:")) {
            // OpenAI clients inline files as data URLs; Anthropic wants the parts separately.
            int comma = url.indexOf(',');
            int marker = url.lastIndexOf(";base64", comma);
            if (comma < 0 || marker < 0) {
                throw new InvalidRequest("an inline " + type + " must be a base64 data URL for Anthropic models", "messages");
            }
            mediaType = url.substring("data:".length(), marker);
            base64 = url.substring(comma + 1);
            url = null;
        }
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeObjectFieldStart("source");
        if (url != null) {
            g.writeStringField("type", "url");
            g.writeStringField("url", url);
        } else {
            if (mediaType == null || mediaType.isEmpty()) {
                throw new InvalidRequest("an inline " + type + " needs a media type for Anthropic models", "messages");
            }
            g.writeStringField("type", "base64");
            g.writeStringField("media_type", mediaType);
            g.writeStringField("data", base64);
        }
        g.writeEndObject();
        if (title != null) {
            g.writeStringField("title", title);
        }
        writeCacheControl(g, cacheControl);
        g.writeEndObject();
    }

    private static void writeToolResult(JsonGenerator g, ToolResult result) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "tool_result");
        g.writeStringField("tool_use_id", result.callId());
        if (!result.content().isEmpty()) {
            g.writeArrayFieldStart("content");
            for (Part part : result.content()) {
                switch (part) {
                    case Text text -> writeText(g, text);
                    case Image image -> writePart(g, image);
                    case Document doc -> writePart(g, doc);
                    default -> throw new InvalidRequest("a tool result for Anthropic models may hold text, images and documents, not "
                            + part.getClass().getSimpleName(), "messages");
                }
            }
            g.writeEndArray();
        }
        if (result.isError()) {
            g.writeBooleanField("is_error", true);
        }
        g.writeEndObject();
    }

    private static void writeTools(JsonGenerator g, ChatRequest request) throws IOException {
        ToolChoice choice = request.toolChoice();
        if (request.tools().isEmpty()) {
            if (choice instanceof ToolChoice.Required || choice instanceof ToolChoice.Named) {
                throw new InvalidRequest("tool_choice requires a tool to call, but the request has no tools", "tool_choice");
            }
            // Auto or none without tools: there is nothing to call either way.
            return;
        }
        g.writeArrayFieldStart("tools");
        for (Tool tool : request.tools()) {
            g.writeStartObject();
            g.writeStringField("name", tool.name());
            if (tool.description() != null) {
                g.writeStringField("description", tool.description());
            }
            g.writeFieldName("input_schema");
            if (tool.parameters() != null && tool.parameters().isObject()) {
                g.writeTree(tool.parameters());
            } else {
                // A function without parameters: Anthropic still needs an object schema.
                g.writeStartObject();
                g.writeStringField("type", "object");
                g.writeObjectFieldStart("properties");
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        boolean oneCallAtATime = Boolean.FALSE.equals(request.parallelToolCalls());
        if (choice == null && !oneCallAtATime) {
            return;
        }
        g.writeObjectFieldStart("tool_choice");
        switch (choice) {
            case null -> g.writeStringField("type", "auto");
            case ToolChoice.Auto auto -> g.writeStringField("type", "auto");
            case ToolChoice.Required required -> g.writeStringField("type", "any");
            case ToolChoice.Named named -> {
                g.writeStringField("type", "tool");
                g.writeStringField("name", named.name());
            }
            case ToolChoice.None none -> g.writeStringField("type", "none");
        }
        if (oneCallAtATime && !(choice instanceof ToolChoice.None)) {
            g.writeBooleanField("disable_parallel_tool_use", true);
        }
        g.writeEndObject();
    }

    private static void writeCacheControl(JsonGenerator g, JsonNode cacheControl) throws IOException {
        if (cacheControl != null && !cacheControl.isNull()) {
            g.writeFieldName("cache_control");
            g.writeTree(cacheControl);
        }
    }

    private static void writeNumber(JsonGenerator g, String field, Double value) throws IOException {
        if (value != null) {
            g.writeNumberField(field, value);
        }
    }
}
