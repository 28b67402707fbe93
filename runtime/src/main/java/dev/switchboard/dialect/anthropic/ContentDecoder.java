package dev.switchboard.dialect.anthropic;

import static dev.switchboard.dialect.anthropic.ClientJson.absent;
import static dev.switchboard.dialect.anthropic.ClientJson.array;
import static dev.switchboard.dialect.anthropic.ClientJson.bool;
import static dev.switchboard.dialect.anthropic.ClientJson.invalid;
import static dev.switchboard.dialect.anthropic.ClientJson.object;
import static dev.switchboard.dialect.anthropic.ClientJson.onlyFields;
import static dev.switchboard.dialect.anthropic.ClientJson.required;
import static dev.switchboard.dialect.anthropic.ClientJson.requiredText;
import static dev.switchboard.dialect.anthropic.ClientJson.text;
import static dev.switchboard.dialect.anthropic.ClientJson.untranslatable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatRequest.Document;
import dev.switchboard.chat.ChatRequest.Image;
import dev.switchboard.chat.ChatRequest.Message;
import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.chat.ChatRequest.Role;
import dev.switchboard.chat.ChatRequest.Text;
import dev.switchboard.chat.ChatRequest.Thinking;
import dev.switchboard.chat.ChatRequest.ToolCall;
import dev.switchboard.chat.ChatRequest.ToolResult;
import dev.switchboard.error.ClientText;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the content of an Anthropic request: {@code system} and the {@code messages} with their
 * content blocks. Tool calls and thinking are accepted only in assistant turns and tool results
 * only in user turns, as Anthropic requires.
 *
 * <p>{@code cache_control} is kept on text, images and documents, where the neutral model has room
 * for it. On tool calls and tool results it is read and not carried: a cache breakpoint changes what
 * a prompt costs, never the answer, and only Anthropic's API honours one there.
 */
final class ContentDecoder {

    private ContentDecoder() {
    }

    static List<Text> system(JsonNode value) {
        if (value.isTextual()) {
            return value.asText().isEmpty() ? List.of() : List.of(Text.of(value.asText()));
        }
        array(value, "system");
        List<Text> texts = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String path = "system." + i;
            JsonNode block = object(value.get(i), path);
            String type = requiredText(block, "type", path + ".type");
            if (!type.equals("text")) {
                throw invalid(path + ".type", "Input should be 'text'");
            }
            texts.add(textBlock(block, path));
        }
        return texts;
    }

    static List<Message> messages(JsonNode value) {
        array(value, "messages");
        List<Message> messages = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String path = "messages." + i;
            JsonNode message = object(value.get(i), path);
            onlyFields(message, path, "role", "content");
            Role role = switch (requiredText(message, "role", path + ".role")) {
                case "user" -> Role.USER;
                case "assistant" -> Role.ASSISTANT;
                default -> throw invalid(path + ".role", "Input should be 'user' or 'assistant'");
            };
            messages.add(new Message(role, content(required(message, "content", path + ".content"), role, path + ".content")));
        }
        return messages;
    }

    private static List<Part> content(JsonNode content, Role role, String path) {
        if (content.isTextual()) {
            return List.of(Text.of(content.asText()));
        }
        array(content, path);
        List<Part> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            parts.add(block(object(content.get(i), path + "." + i), role, path + "." + i));
        }
        return parts;
    }

    private static Part block(JsonNode block, Role role, String path) {
        String type = requiredText(block, "type", path + ".type");
        return switch (type) {
            case "text" -> textBlock(block, path);
            case "image" -> image(block, path);
            case "document" -> document(block, path);
            case "tool_use" -> {
                only(Role.ASSISTANT, role, type, path);
                onlyFields(block, path, "type", "id", "name", "input", "cache_control");
                yield new ToolCall(requiredText(block, "id", path + ".id"), requiredText(block, "name", path + ".name"),
                        object(required(block, "input", path + ".input"), path + ".input"));
            }
            case "tool_result" -> {
                only(Role.USER, role, type, path);
                yield toolResult(block, path);
            }
            case "thinking" -> {
                only(Role.ASSISTANT, role, type, path);
                onlyFields(block, path, "type", "thinking", "signature");
                String signature = absent(block, "signature") ? "" : text(block.get("signature"), path + ".signature");
                yield new Thinking(requiredText(block, "thinking", path + ".thinking"), signature.isEmpty() ? null : signature, false);
            }
            case "redacted_thinking" -> {
                only(Role.ASSISTANT, role, type, path);
                onlyFields(block, path, "type", "data");
                yield new Thinking(requiredText(block, "data", path + ".data"), null, true);
            }
            // server_tool_use, web_search_tool_result, search_result, container_upload, mcp_tool_use, ...
            default -> throw untranslatable(path + ".type", "content block type '" + ClientText.quoted(type) + "'");
        };
    }

    private static void only(Role allowed, Role actual, String type, String path) {
        if (allowed != actual) {
            throw invalid(path + ".type", "'" + ClientText.quoted(type) + "' blocks are only allowed in "
                    + (allowed == Role.USER ? "user" : "assistant") + " messages");
        }
    }

    private static Text textBlock(JsonNode block, String path) {
        onlyFields(block, path, "type", "text", "cache_control", "citations");
        JsonNode citations = block.get("citations");
        if (citations != null && !citations.isNull() && !citations.isEmpty()) {
            throw untranslatable(path + ".citations", "citations");
        }
        return new Text(requiredText(block, "text", path + ".text"), cacheControl(block, path));
    }

    private static Image image(JsonNode block, String path) {
        onlyFields(block, path, "type", "source", "cache_control");
        String sourcePath = path + ".source";
        JsonNode source = object(required(block, "source", sourcePath), sourcePath);
        return switch (requiredText(source, "type", sourcePath + ".type")) {
            case "base64" -> {
                onlyFields(source, sourcePath, "type", "media_type", "data");
                yield new Image(null, requiredText(source, "media_type", sourcePath + ".media_type"),
                        requiredText(source, "data", sourcePath + ".data"), null, cacheControl(block, path));
            }
            case "url" -> {
                onlyFields(source, sourcePath, "type", "url");
                yield new Image(requiredText(source, "url", sourcePath + ".url"), null, null, null, cacheControl(block, path));
            }
            case "file" -> throw untranslatable(sourcePath + ".type", "a Files API reference");
            default -> throw invalid(sourcePath + ".type", "Input should be 'base64', 'url' or 'file'");
        };
    }

    private static Part document(JsonNode block, String path) {
        onlyFields(block, path, "type", "source", "title", "context", "citations", "cache_control");
        if (!absent(block, "context")) {
            throw untranslatable(path + ".context", "document context");
        }
        if (!absent(block, "citations") && block.get("citations").path("enabled").asBoolean(false)) {
            throw untranslatable(path + ".citations", "citations");
        }
        String title = absent(block, "title") ? null : text(block.get("title"), path + ".title");
        String sourcePath = path + ".source";
        JsonNode source = object(required(block, "source", sourcePath), sourcePath);
        return switch (requiredText(source, "type", sourcePath + ".type")) {
            case "base64" -> {
                onlyFields(source, sourcePath, "type", "media_type", "data");
                yield new Document(null, requiredText(source, "media_type", sourcePath + ".media_type"),
                        requiredText(source, "data", sourcePath + ".data"), title, cacheControl(block, path));
            }
            case "url" -> {
                onlyFields(source, sourcePath, "type", "url");
                yield new Document(requiredText(source, "url", sourcePath + ".url"), null, null, title, cacheControl(block, path));
            }
            // A plain-text document is text to any other model; only its title has nowhere to go.
            case "text" -> {
                onlyFields(source, sourcePath, "type", "media_type", "data");
                yield new Text(requiredText(source, "data", sourcePath + ".data"), cacheControl(block, path));
            }
            case "content" -> throw untranslatable(sourcePath + ".type", "a custom-content document");
            case "file" -> throw untranslatable(sourcePath + ".type", "a Files API reference");
            default -> throw invalid(sourcePath + ".type", "Input should be 'base64', 'url', 'text', 'content' or 'file'");
        };
    }

    private static ToolResult toolResult(JsonNode block, String path) {
        onlyFields(block, path, "type", "tool_use_id", "content", "is_error", "cache_control");
        String callId = requiredText(block, "tool_use_id", path + ".tool_use_id");
        boolean isError = !absent(block, "is_error") && bool(block.get("is_error"), path + ".is_error");
        List<Part> content = List.of();
        if (!absent(block, "content")) {
            JsonNode value = block.get("content");
            String contentPath = path + ".content";
            if (value.isTextual()) {
                content = List.of(Text.of(value.asText()));
            } else {
                array(value, contentPath);
                List<Part> parts = new ArrayList<>(value.size());
                for (int i = 0; i < value.size(); i++) {
                    String partPath = contentPath + "." + i;
                    JsonNode part = object(value.get(i), partPath);
                    parts.add(switch (requiredText(part, "type", partPath + ".type")) {
                        case "text" -> textBlock(part, partPath);
                        case "image" -> image(part, partPath);
                        case "document" -> document(part, partPath);
                        default -> throw untranslatable(partPath + ".type", "tool result content of type '" + ClientText.quoted(part.get("type").asText()) + "'");
                    });
                }
                content = parts;
            }
        }
        return new ToolResult(callId, null, content, isError);
    }

    private static JsonNode cacheControl(JsonNode block, String path) {
        return absent(block, "cache_control") ? null : object(block.get("cache_control"), path + ".cache_control");
    }
}
