package dev.switchboard.dialect.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.Document;
import dev.switchboard.chat.ChatRequest.Image;
import dev.switchboard.chat.ChatRequest.Message;
import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.chat.ChatRequest.ResponseFormat;
import dev.switchboard.chat.ChatRequest.Text;
import dev.switchboard.chat.ChatRequest.Thinking;
import dev.switchboard.chat.ChatRequest.Tool;
import dev.switchboard.chat.ChatRequest.ToolCall;
import dev.switchboard.chat.ChatRequest.ToolChoice;
import dev.switchboard.chat.ChatRequest.ToolResult;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.error.GatewayException.InvalidRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a neutral request as an OpenAI chat-completions body for an OpenAI-compatible vendor
 * (OpenAI itself, vLLM, Ollama, Groq, DeepSeek, ...), straight to a generator with no tree.
 *
 * <p>Choices made for the widest vendor support, each where it is made:
 * <ul>
 *   <li>The system texts become one {@code system} message, joined by blank lines: many
 *       open-model chat templates accept only one system message, at the start.</li>
 *   <li>Thinking is dropped from the history: OpenAI keeps its reasoning server-side, and DeepSeek
 *       refuses a request that sends {@code reasoning_content} back.</li>
 *   <li>{@code cache_control} markers are dropped: OpenAI-compatible vendors cache prompt prefixes
 *       on their own, with no marker to place.</li>
 *   <li>A tool result becomes a {@code tool} message with string content, which every vendor
 *       accepts. Those messages are text-only, so a result holding an image or document is
 *       refused: moving the image into a user message would put the tool's output in the user's
 *       mouth. A failed result is marked with an {@code Error:} prefix, since the format has no
 *       error flag.</li>
 *   <li>The output limit is {@code max_tokens}, which every vendor reads, except for OpenAI's
 *       reasoning models, which refuse it and need {@code max_completion_tokens}.</li>
 *   <li>A stream asks for {@code stream_options.include_usage}, so usage is exact rather than
 *       missing; the client's own encoder decides whether its client sees it.</li>
 * </ul>
 */
final class RequestEncoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    // OpenAI's reasoning model families, which refuse 'max_tokens'.
    private static final List<String> COMPLETION_TOKEN_MODELS = List.of("o1", "o3", "o4", "gpt-5");
    // Budget boundaries for mapping a thinking budget to an effort: Anthropic's minimum budget,
    // 1024, is the least thinking a client can ask for; eight times that is a middling amount.
    private static final int LOW_BUDGET = 1024;
    private static final int MEDIUM_BUDGET = 8192;

    private RequestEncoder() {
    }

    static byte[] encode(ChatRequest request, String upstreamModel) {
        if (request.topK() != null) {
            throw new InvalidRequest("'top_k' cannot be sent to an OpenAI-compatible provider: its API has no such parameter.", "top_k");
        }
        ByteArrayBuilder out = new ByteArrayBuilder();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", upstreamModel);
            g.writeArrayFieldStart("messages");
            systemMessage(g, request.system());
            for (Message message : request.messages()) {
                switch (message.role()) {
                    case USER -> userMessages(g, message);
                    case ASSISTANT -> assistantMessage(g, message);
                }
            }
            g.writeEndArray();
            tools(g, request.tools());
            toolChoice(g, request.toolChoice());
            if (request.parallelToolCalls() != null) {
                g.writeBooleanField("parallel_tool_calls", request.parallelToolCalls());
            }
            if (request.maxTokens() != null) {
                g.writeNumberField(usesMaxCompletionTokens(upstreamModel) ? "max_completion_tokens" : "max_tokens", request.maxTokens());
            }
            if (request.temperature() != null) {
                g.writeNumberField("temperature", request.temperature());
            }
            if (request.topP() != null) {
                g.writeNumberField("top_p", request.topP());
            }
            if (!request.stop().isEmpty()) {
                g.writeArrayFieldStart("stop");
                for (String sequence : request.stop()) {
                    g.writeString(sequence);
                }
                g.writeEndArray();
            }
            responseFormat(g, request.responseFormat());
            reasoningEffort(g, request.reasoning());
            if (request.user() != null) {
                g.writeStringField("user", request.user());
            }
            if (request.seed() != null) {
                g.writeNumberField("seed", request.seed());
            }
            if (request.stream()) {
                g.writeBooleanField("stream", true);
                g.writeObjectFieldStart("stream_options");
                g.writeBooleanField("include_usage", true);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (StreamConstraintsException e) {
            throw UpstreamDialect.nestedTooDeep();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Matches the family name alone or followed by a version suffix, after any vendor prefix ({@code openai/o3}). */
    static boolean usesMaxCompletionTokens(String model) {
        String name = model.substring(model.lastIndexOf('/') + 1);
        for (String family : COMPLETION_TOKEN_MODELS) {
            if (name.startsWith(family) && (name.length() == family.length() || name.charAt(family.length()) == '-')) {
                return true;
            }
        }
        return false;
    }

    private static void systemMessage(JsonGenerator g, List<Text> system) throws IOException {
        if (system.isEmpty()) {
            return;
        }
        g.writeStartObject();
        g.writeStringField("role", "system");
        g.writeStringField("content", system.size() == 1 ? system.get(0).text() : joined(system, "\n\n"));
        g.writeEndObject();
    }

    /** Tool results first, as {@code tool} messages (they must follow the assistant's calls), then the rest as one user message. */
    private static void userMessages(JsonGenerator g, Message message) throws IOException {
        int others = 0;
        Part other = null;
        for (Part part : message.parts()) {
            if (part instanceof ToolResult result) {
                toolMessage(g, result);
            } else if (!(part instanceof Thinking)) {
                others++;
                other = part;
            }
        }
        if (others == 0) {
            return;
        }
        g.writeStartObject();
        g.writeStringField("role", "user");
        if (others == 1 && other instanceof Text text) {
            g.writeStringField("content", text.text());
        } else {
            g.writeArrayFieldStart("content");
            for (Part part : message.parts()) {
                userPart(g, part);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void userPart(JsonGenerator g, Part part) throws IOException {
        switch (part) {
            case Text text -> {
                g.writeStartObject();
                g.writeStringField("type", "text");
                g.writeStringField("text", text.text());
                g.writeEndObject();
            }
            case Image image -> {
                g.writeStartObject();
                g.writeStringField("type", "image_url");
                g.writeObjectFieldStart("image_url");
                g.writeStringField("url", image.url() != null ? image.url() : DataUrl.format(image.mediaType(), image.base64()));
                if (image.detail() != null) {
                    g.writeStringField("detail", image.detail());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            case Document document -> {
                if (document.url() != null) {
                    throw new InvalidRequest("A document given by URL cannot be sent to an OpenAI-compatible provider, which only accepts documents inline; send it as base64 data instead.", "messages");
                }
                g.writeStartObject();
                g.writeStringField("type", "file");
                g.writeObjectFieldStart("file");
                if (document.title() != null) {
                    g.writeStringField("filename", document.title());
                }
                g.writeStringField("file_data", DataUrl.format(document.mediaType(), document.base64()));
                g.writeEndObject();
                g.writeEndObject();
            }
            case ToolResult result -> {
                // Written as a tool message by userMessages.
            }
            case ToolCall call -> throw new InvalidRequest("A tool call can only be part of an assistant message.", "messages");
            // Only models think; a client has no reason to send it in a user turn, and no vendor would read it.
            case Thinking thinking -> {
            }
        }
    }

    private static void toolMessage(JsonGenerator g, ToolResult result) throws IOException {
        StringBuilder content = new StringBuilder(result.isError() ? "Error: " : "");
        for (int i = 0; i < result.content().size(); i++) {
            if (!(result.content().get(i) instanceof Text text)) {
                throw new InvalidRequest("The result of tool call '" + result.callId() + "' holds an image or document, but an OpenAI-compatible provider only accepts text in tool results.", "messages");
            }
            content.append(i == 0 ? "" : "\n").append(text.text());
        }
        g.writeStartObject();
        g.writeStringField("role", "tool");
        g.writeStringField("tool_call_id", result.callId());
        g.writeStringField("content", content.toString());
        g.writeEndObject();
    }

    private static void assistantMessage(JsonGenerator g, Message message) throws IOException {
        StringBuilder text = null;
        int toolCalls = 0;
        for (Part part : message.parts()) {
            switch (part) {
                // Consecutive pieces of one answer, as OpenAI itself joins content parts.
                case Text t -> text = text == null ? new StringBuilder(t.text()) : text.append(t.text());
                case ToolCall call -> toolCalls++;
                case Thinking thinking -> {
                    // Dropped: see the class comment.
                }
                case Image image -> throw new InvalidRequest("An assistant message cannot hold an image for an OpenAI-compatible provider.", "messages");
                case Document document -> throw new InvalidRequest("An assistant message cannot hold a document for an OpenAI-compatible provider.", "messages");
                case ToolResult result -> throw new InvalidRequest("A tool result can only be part of a user message.", "messages");
            }
        }
        g.writeStartObject();
        g.writeStringField("role", "assistant");
        if (text != null) {
            g.writeStringField("content", text.toString());
        } else if (toolCalls > 0) {
            g.writeNullField("content");
        } else {
            // Only thinking: OpenAI needs content or tool calls.
            g.writeStringField("content", "");
        }
        if (toolCalls > 0) {
            writeToolCalls(g, message.parts());
        }
        g.writeEndObject();
    }

    /** OpenAI's {@code tool_calls} array for the tool calls among {@code parts}, as requests and answers both carry it. */
    static void writeToolCalls(JsonGenerator g, List<Part> parts) throws IOException {
        g.writeArrayFieldStart("tool_calls");
        for (Part part : parts) {
            if (part instanceof ToolCall call) {
                g.writeStartObject();
                g.writeStringField("id", call.id());
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", call.name());
                g.writeStringField("arguments", arguments(call.arguments()));
                g.writeEndObject();
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    /** Arguments an upstream sent as unparseable text were kept as a string node; they go back as they came. */
    static String arguments(JsonNode arguments) {
        if (arguments == null) {
            return "{}";
        }
        return arguments.isTextual() ? arguments.textValue() : arguments.toString();
    }

    private static void tools(JsonGenerator g, List<Tool> tools) throws IOException {
        if (tools.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("tools");
        for (Tool tool : tools) {
            g.writeStartObject();
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", tool.name());
            if (tool.description() != null) {
                g.writeStringField("description", tool.description());
            }
            if (tool.parameters() != null) {
                g.writeFieldName("parameters");
                g.writeTree(tool.parameters());
            }
            if (tool.strict() != null) {
                g.writeBooleanField("strict", tool.strict());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void toolChoice(JsonGenerator g, ToolChoice choice) throws IOException {
        switch (choice) {
            case null -> {
            }
            case ToolChoice.Auto auto -> g.writeStringField("tool_choice", "auto");
            case ToolChoice.None none -> g.writeStringField("tool_choice", "none");
            case ToolChoice.Required required -> g.writeStringField("tool_choice", "required");
            case ToolChoice.Named named -> {
                g.writeObjectFieldStart("tool_choice");
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", named.name());
                g.writeEndObject();
                g.writeEndObject();
            }
        }
    }

    private static void responseFormat(JsonGenerator g, ResponseFormat format) throws IOException {
        switch (format) {
            // OpenAI's default; leaving it out keeps vendors without response_format support working.
            case ResponseFormat.PlainText text -> {
            }
            case ResponseFormat.JsonObject object -> {
                g.writeObjectFieldStart("response_format");
                g.writeStringField("type", "json_object");
                g.writeEndObject();
            }
            case ResponseFormat.JsonSchema schema -> {
                g.writeObjectFieldStart("response_format");
                g.writeStringField("type", "json_schema");
                g.writeObjectFieldStart("json_schema");
                // OpenAI requires a name; Anthropic and Gemini clients never give one.
                g.writeStringField("name", schema.name() != null ? schema.name() : "response");
                if (schema.schema() != null) {
                    g.writeFieldName("schema");
                    g.writeTree(schema.schema());
                }
                if (schema.strict() != null) {
                    g.writeBooleanField("strict", schema.strict());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
        }
    }

    /**
     * An effort goes as it is; a budget maps to the effort of similar size. A budget of 0 (thinking
     * off) sends nothing rather than {@code minimal}: models that do not reason refuse the field,
     * and a client that turned thinking off most likely talks to one of them.
     */
    private static void reasoningEffort(JsonGenerator g, ChatRequest.Reasoning reasoning) throws IOException {
        if (reasoning == null) {
            return;
        }
        String effort = reasoning.effort();
        if (effort == null && reasoning.budgetTokens() != null && reasoning.budgetTokens() > 0) {
            int budget = reasoning.budgetTokens();
            effort = budget <= LOW_BUDGET ? "low" : budget <= MEDIUM_BUDGET ? "medium" : "high";
        }
        if (effort != null) {
            g.writeStringField("reasoning_effort", effort);
        }
    }

    private static String joined(List<Text> texts, String separator) {
        StringBuilder joined = new StringBuilder(texts.get(0).text());
        for (int i = 1; i < texts.size(); i++) {
            joined.append(separator).append(texts.get(i).text());
        }
        return joined.toString();
    }
}
