package dev.switchboard.dialect.openai;

import static dev.switchboard.dialect.openai.RequestChecks.invalidType;
import static dev.switchboard.dialect.openai.RequestChecks.invalidValue;
import static dev.switchboard.dialect.openai.RequestChecks.missing;
import static dev.switchboard.dialect.openai.RequestChecks.onlyKnownFields;
import static dev.switchboard.dialect.openai.RequestChecks.optionalObject;
import static dev.switchboard.dialect.openai.RequestChecks.optionalString;
import static dev.switchboard.dialect.openai.RequestChecks.requiredString;
import static dev.switchboard.dialect.openai.RequestChecks.unsupportedValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatRequest.Document;
import dev.switchboard.chat.ChatRequest.Image;
import dev.switchboard.chat.ChatRequest.Message;
import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.chat.ChatRequest.Role;
import dev.switchboard.chat.ChatRequest.Text;
import dev.switchboard.chat.ChatRequest.Thinking;
import dev.switchboard.chat.ChatRequest.ToolCall;
import dev.switchboard.chat.ChatRequest.ToolResult;
import dev.switchboard.error.GatewayException.InvalidRequest;
import dev.switchboard.json.StrictJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads OpenAI's {@code messages} array into neutral system texts and turns.
 *
 * <p>OpenAI interleaves things the neutral model keeps apart, so the walk reshapes as it goes:
 * <ul>
 *   <li>{@code system} and {@code developer} messages become {@code system} texts, in order. One
 *       that appears after the conversation began is appended there too: Anthropic and Gemini
 *       only take instructions ahead of the conversation, and moving them is closer to what the
 *       client meant than refusing the request.</li>
 *   <li>{@code tool} messages become {@link ToolResult} parts, and consecutive ones share one user
 *       turn, as Anthropic requires. Each result also gets the tool's name from the assistant
 *       turn that called it, since Gemini wants the name and OpenAI does not send it.</li>
 *   <li>The legacy {@code function} role is refused with a pointer to {@code tools}.</li>
 * </ul>
 * Unknown fields inside messages and parts are refused, as OpenAI's own API does.
 *
 * <p>Not thread-safe: one instance reads one request.
 */
final class MessageDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SYSTEM_FIELDS = Set.of("role", "content");
    private static final Set<String> USER_FIELDS = Set.of("role", "content");
    // 'annotations' are citations the API returned with an answer; echoing them back is harmless.
    private static final Set<String> ASSISTANT_FIELDS = Set.of("role", "content", "tool_calls", "refusal", "reasoning_content", "annotations");
    private static final Set<String> TOOL_FIELDS = Set.of("role", "content", "tool_call_id");
    // Clients that rebuild tool calls from a stream often echo the chunk's 'index' back.
    private static final Set<String> TOOL_CALL_FIELDS = Set.of("id", "type", "function", "index");
    private static final Set<String> FUNCTION_FIELDS = Set.of("name", "arguments");
    private static final Set<String> TEXT_PART_FIELDS = Set.of("type", "text", "cache_control");
    private static final Set<String> REFUSAL_PART_FIELDS = Set.of("type", "refusal");
    private static final Set<String> IMAGE_PART_FIELDS = Set.of("type", "image_url", "cache_control");
    private static final Set<String> IMAGE_URL_FIELDS = Set.of("url", "detail");
    private static final Set<String> FILE_PART_FIELDS = Set.of("type", "file", "cache_control");
    private static final Set<String> FILE_FIELDS = Set.of("file_data", "filename", "file_id");

    /** What the messages array holds, reshaped. */
    record Conversation(List<Text> system, List<Message> messages) {
    }

    private final List<Text> system = new ArrayList<>(2);
    private final List<Message> messages;
    private List<Part> pendingToolResults;
    private Map<String, String> toolNames;

    private MessageDecoder(int size) {
        messages = new ArrayList<>(size);
    }

    /** @param array the {@code messages} value, already checked to be a non-empty array of objects with known roles */
    static Conversation decode(JsonNode array) {
        MessageDecoder decoder = new MessageDecoder(array.size());
        for (int i = 0; i < array.size(); i++) {
            decoder.message(array.get(i), "messages[" + i + "]");
        }
        decoder.flushToolResults();
        if (decoder.messages.isEmpty()) {
            throw new InvalidRequest("'messages' must hold a user or assistant message besides system messages when the model is served by a non-OpenAI provider.", "messages");
        }
        return new Conversation(decoder.system, decoder.messages);
    }

    private void message(JsonNode message, String at) {
        String role = message.get("role").textValue();
        switch (role) {
            case "system", "developer" -> {
                onlyKnownFields(message, SYSTEM_FIELDS, at);
                texts(requiredContent(message, at), at, system);
            }
            case "user" -> {
                onlyKnownFields(message, USER_FIELDS, at);
                flushToolResults();
                messages.add(new Message(Role.USER, userParts(requiredContent(message, at), at)));
            }
            case "assistant" -> {
                JsonNode functionCall = message.get("function_call");
                if (functionCall != null && !functionCall.isNull()) {
                    throw new InvalidRequest("The legacy '" + at + ".function_call' is not supported when the model is served by a non-OpenAI provider; use 'tool_calls' instead.", at + ".function_call");
                }
                onlyKnownFields(message, ASSISTANT_FIELDS, at);
                flushToolResults();
                messages.add(new Message(Role.ASSISTANT, assistantParts(message, at)));
            }
            case "tool" -> {
                onlyKnownFields(message, TOOL_FIELDS, at);
                String callId = requiredString(message, "tool_call_id", at);
                List<Part> content = new ArrayList<>(1);
                texts(requiredContent(message, at), at, content);
                if (pendingToolResults == null) {
                    pendingToolResults = new ArrayList<>(2);
                }
                String name = toolNames == null ? null : toolNames.get(callId);
                pendingToolResults.add(new ToolResult(callId, name, content, false));
            }
            // OpenAiChatRequest admits only these roles, so the remaining one is 'function'.
            default -> throw new InvalidRequest("The legacy 'function' role in '" + at + "' is not supported when the model is served by a non-OpenAI provider; use 'tool' messages instead.", at + ".role");
        }
    }

    private void flushToolResults() {
        if (pendingToolResults != null) {
            messages.add(new Message(Role.USER, pendingToolResults));
            pendingToolResults = null;
        }
    }

    private static JsonNode requiredContent(JsonNode message, String at) {
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            throw missing(at + ".content");
        }
        return content;
    }

    /** Content that may only be text (system and tool messages): a string or text parts. */
    private static void texts(JsonNode content, String at, List<? super Text> into) {
        if (content.isTextual()) {
            into.add(Text.of(content.textValue()));
            return;
        }
        if (!content.isArray()) {
            throw invalidType(at + ".content", "a string or an array of text parts");
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partAt = at + ".content[" + j + "]";
            String type = partType(part, partAt);
            if (!type.equals("text")) {
                throw invalidValue(partAt + ".type", type, "'text'");
            }
            into.add(text(part, partAt));
        }
    }

    private List<Part> userParts(JsonNode content, String at) {
        if (content.isTextual()) {
            return List.of(Text.of(content.textValue()));
        }
        if (!content.isArray()) {
            throw invalidType(at + ".content", "a string or an array of content parts");
        }
        List<Part> parts = new ArrayList<>(content.size());
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partAt = at + ".content[" + j + "]";
            String type = partType(part, partAt);
            parts.add(switch (type) {
                case "text" -> text(part, partAt);
                case "image_url" -> image(part, partAt);
                case "file" -> document(part, partAt);
                case "input_audio" -> throw unsupportedValue(partAt + ".type", type);
                default -> throw invalidValue(partAt + ".type", type, "'text', 'image_url' and 'file'");
            });
        }
        return parts;
    }

    private List<Part> assistantParts(JsonNode message, String at) {
        List<Part> parts = new ArrayList<>(2);
        // Reasoning an OpenAI-dialect client echoes back (DeepSeek's field; this dialect's answers use it too).
        String reasoning = optionalString(message, "reasoning_content", at);
        if (reasoning != null && !reasoning.isEmpty()) {
            parts.add(new Thinking(reasoning, null, false));
        }
        JsonNode toolCalls = message.get("tool_calls");
        boolean hasToolCalls = toolCalls != null && !toolCalls.isNull() && !toolCalls.isEmpty();
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            // Clients send "" beside tool calls; an empty text block is refused by Anthropic.
            if (!content.textValue().isEmpty() || !hasToolCalls) {
                parts.add(Text.of(content.textValue()));
            }
        } else if (content != null && content.isArray()) {
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                String partAt = at + ".content[" + j + "]";
                String type = partType(part, partAt);
                parts.add(switch (type) {
                    case "text" -> text(part, partAt);
                    case "refusal" -> {
                        onlyKnownFields(part, REFUSAL_PART_FIELDS, partAt);
                        yield Text.of(requiredString(part, "refusal", partAt));
                    }
                    default -> throw invalidValue(partAt + ".type", type, "'text' and 'refusal'");
                });
            }
        } else if (content != null && !content.isNull()) {
            throw invalidType(at + ".content", "a string, an array of content parts or null");
        }
        String refusal = optionalString(message, "refusal", at);
        if (refusal != null) {
            parts.add(Text.of(refusal));
        }
        if (toolCalls != null && !toolCalls.isNull()) {
            if (!toolCalls.isArray()) {
                throw invalidType(at + ".tool_calls", "an array");
            }
            for (int k = 0; k < toolCalls.size(); k++) {
                parts.add(toolCall(toolCalls.get(k), at + ".tool_calls[" + k + "]"));
            }
        }
        if (parts.isEmpty()) {
            throw missing(at + ".content");
        }
        return parts;
    }

    private ToolCall toolCall(JsonNode call, String at) {
        if (!call.isObject()) {
            throw invalidType(at, "an object");
        }
        onlyKnownFields(call, TOOL_CALL_FIELDS, at);
        String type = optionalString(call, "type", at);
        if (type != null && !type.equals("function")) {
            throw unsupportedValue(at + ".type", type);
        }
        String id = requiredString(call, "id", at);
        JsonNode function = optionalObject(call, "function", at);
        if (function == null) {
            throw missing(at + ".function");
        }
        onlyKnownFields(function, FUNCTION_FIELDS, at + ".function");
        String name = requiredString(function, "name", at + ".function");
        String arguments = requiredString(function, "arguments", at + ".function");
        if (toolNames == null) {
            toolNames = new HashMap<>();
        }
        toolNames.put(id, name);
        return new ToolCall(id, name, arguments(arguments, at + ".function.arguments"));
    }

    /** OpenAI sends arguments as a JSON string; the neutral model holds the object. */
    private static JsonNode arguments(String arguments, String at) {
        if (arguments.isBlank()) {
            // Some clients send "" for a call without arguments.
            return JSON.createObjectNode();
        }
        try {
            JsonNode parsed = StrictJson.readTree(arguments);
            if (parsed.isObject()) {
                return parsed;
            }
        } catch (IOException notJson) {
            // Reported below, like a non-object.
        }
        throw new InvalidRequest("Invalid '" + at + "': the tool call's arguments must be a JSON object encoded as a string.", at);
    }

    private static String partType(JsonNode part, String at) {
        if (!part.isObject()) {
            throw invalidType(at, "an object");
        }
        return requiredString(part, "type", at);
    }

    private static Text text(JsonNode part, String at) {
        onlyKnownFields(part, TEXT_PART_FIELDS, at);
        return new Text(requiredString(part, "text", at), cacheControl(part, at));
    }

    private static Image image(JsonNode part, String at) {
        onlyKnownFields(part, IMAGE_PART_FIELDS, at);
        JsonNode image = optionalObject(part, "image_url", at);
        if (image == null) {
            throw missing(at + ".image_url");
        }
        String imageAt = at + ".image_url";
        onlyKnownFields(image, IMAGE_URL_FIELDS, imageAt);
        String url = requiredString(image, "url", imageAt);
        String detail = optionalString(image, "detail", imageAt);
        if (DataUrl.isDataUrl(url)) {
            DataUrl data = dataUrl(url, imageAt + ".url");
            return new Image(null, data.mediaType(), data.base64(), detail, cacheControl(part, at));
        }
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new InvalidRequest("Invalid '" + imageAt + ".url': expected an http(s) URL or a base64 data URL.", imageAt + ".url");
        }
        return new Image(url, null, null, detail, cacheControl(part, at));
    }

    private static Document document(JsonNode part, String at) {
        onlyKnownFields(part, FILE_PART_FIELDS, at);
        JsonNode file = optionalObject(part, "file", at);
        if (file == null) {
            throw missing(at + ".file");
        }
        String fileAt = at + ".file";
        onlyKnownFields(file, FILE_FIELDS, fileAt);
        if (optionalString(file, "file_id", fileAt) != null) {
            // The id names a file stored at OpenAI, which no other vendor can read.
            throw new InvalidRequest("'" + fileAt + ".file_id' refers to a file uploaded to OpenAI, which a non-OpenAI provider cannot read; send the file inline as 'file_data' instead.", fileAt + ".file_id");
        }
        DataUrl data = dataUrl(requiredString(file, "file_data", fileAt), fileAt + ".file_data");
        return new Document(null, data.mediaType(), data.base64(), optionalString(file, "filename", fileAt), cacheControl(part, at));
    }

    private static DataUrl dataUrl(String url, String at) {
        DataUrl data = DataUrl.parse(url);
        if (data == null) {
            throw new InvalidRequest("Invalid '" + at + "': expected a base64 data URL such as 'data:application/pdf;base64,...'.", at);
        }
        return data;
    }

    /**
     * Anthropic's prompt-cache marker on a part. OpenAI has none, but OpenRouter and LiteLLM clients
     * send it in this position to cache Anthropic prompts, so it is carried rather than refused.
     */
    private static JsonNode cacheControl(JsonNode part, String at) {
        return optionalObject(part, "cache_control", at);
    }
}
