package dev.switchboard.dialect.anthropic;

import static dev.switchboard.dialect.anthropic.ClientJson.array;
import static dev.switchboard.dialect.anthropic.ClientJson.bool;
import static dev.switchboard.dialect.anthropic.ClientJson.integer;
import static dev.switchboard.dialect.anthropic.ClientJson.invalid;
import static dev.switchboard.dialect.anthropic.ClientJson.number;
import static dev.switchboard.dialect.anthropic.ClientJson.object;
import static dev.switchboard.dialect.anthropic.ClientJson.onlyFields;
import static dev.switchboard.dialect.anthropic.ClientJson.required;
import static dev.switchboard.dialect.anthropic.ClientJson.requiredText;
import static dev.switchboard.dialect.anthropic.ClientJson.text;
import static dev.switchboard.dialect.anthropic.ClientJson.untranslatable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.Message;
import dev.switchboard.chat.ChatRequest.Reasoning;
import dev.switchboard.chat.ChatRequest.ResponseFormat;
import dev.switchboard.chat.ChatRequest.Text;
import dev.switchboard.chat.ChatRequest.Tool;
import dev.switchboard.chat.ChatRequest.ToolChoice;
import dev.switchboard.error.ClientText;
import dev.switchboard.error.GatewayException.InvalidRequest;
import dev.switchboard.json.StrictJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an Anthropic Messages request from a client into a {@link ChatRequest}, for an upstream
 * that speaks another format. Every top-level field is translated, accepted as advisory (see
 * {@code service_tier}), or rejected with a 400 naming it: a field Anthropic defines but the neutral
 * model cannot carry (server tools, MCP servers, containers) would otherwise be dropped on the way.
 * JSON null counts as absent, as in Anthropic's SDKs. Message content is read by {@link ContentDecoder}.
 */
final class RequestDecoder {
    private RequestDecoder() {
    }

    private record Choice(ToolChoice toolChoice, Boolean parallelToolCalls) {
    }

    /** @param requireMaxTokens false for {@code count_tokens} requests, which carry no output limit */
    static ChatRequest decode(byte[] body, boolean requireMaxTokens) {
        JsonNode root = parse(body);
        String model = null;
        Integer maxTokens = null;
        List<Text> system = List.of();
        List<Message> messages = null;
        List<Tool> tools = List.of();
        Choice choice = new Choice(null, null);
        List<String> stop = List.of();
        Double temperature = null;
        Double topP = null;
        Integer topK = null;
        boolean stream = false;
        String user = null;
        JsonNode thinking = null;
        String effort = null;
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            switch (name) {
                case "model" -> model = text(value, name);
                case "max_tokens" -> maxTokens = positive(value, name);
                case "system" -> system = ContentDecoder.system(value);
                case "messages" -> messages = ContentDecoder.messages(value);
                case "tools" -> tools = tools(value);
                case "tool_choice" -> choice = toolChoice(value);
                case "stop_sequences" -> stop = strings(value, name);
                case "temperature" -> temperature = number(value, name);
                case "top_p" -> topP = number(value, name);
                case "top_k" -> topK = integer(value, name);
                case "stream" -> stream = bool(value, name);
                case "metadata" -> user = userId(value);
                case "thinking" -> thinking = object(value, name);
                case "output_config" -> effort = effort(value);
                // Which of Anthropic's capacity pools serves the request: it never changes the
                // answer, and other providers have no such pools, so it is accepted and not sent on.
                case "service_tier" -> text(value, name);
                case "container", "mcp_servers", "context_management" -> throw untranslatable(name, "'" + name + "'");
                default -> throw ClientJson.unknownField(name);
            }
        }
        if (model == null) {
            throw invalid("model", "Field required");
        }
        if (maxTokens == null && requireMaxTokens) {
            throw invalid("max_tokens", "Field required");
        }
        if (messages == null) {
            throw invalid("messages", "Field required");
        }
        if (messages.isEmpty()) {
            throw invalid("messages", "at least one message is required");
        }
        return new ChatRequest(model, system, messages, tools, choice.toolChoice(), choice.parallelToolCalls(), maxTokens,
                temperature, topP, topK, stop, ResponseFormat.TEXT, reasoning(thinking, effort), stream, user, null);
    }

    private static JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            root = StrictJson.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequest("The request body is not valid JSON.");
        }
        if (!root.isObject()) {
            throw new InvalidRequest("The request body must be a JSON object.");
        }
        return root;
    }

    private static int positive(JsonNode value, String path) {
        int n = integer(value, path);
        if (n < 1) {
            throw invalid(path, "Input should be greater than or equal to 1");
        }
        return n;
    }

    private static List<String> strings(JsonNode value, String path) {
        array(value, path);
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            out.add(text(value.get(i), path + "." + i));
        }
        return out;
    }

    private static List<Tool> tools(JsonNode value) {
        array(value, "tools");
        List<Tool> tools = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String path = "tools." + i;
            JsonNode tool = object(value.get(i), path);
            JsonNode type = tool.get("type");
            if (type != null && !type.isNull() && !type.asText().equals("custom")) {
                // web_search, code_execution, computer, bash, text_editor...: run by Anthropic, not the client.
                throw untranslatable(path + ".type", "server tool '" + ClientText.quoted(type.asText()) + "'");
            }
            // cache_control marks a prompt-cache breakpoint: it changes what a prompt costs, never the
            // answer, and the neutral tool has no place for it, so it is read and not carried.
            onlyFields(tool, path, "type", "name", "description", "input_schema", "cache_control", "strict");
            String description = ClientJson.absent(tool, "description") ? null : text(tool.get("description"), path + ".description");
            JsonNode schema = object(required(tool, "input_schema", path + ".input_schema"), path + ".input_schema");
            Boolean strict = ClientJson.absent(tool, "strict") ? null : bool(tool.get("strict"), path + ".strict");
            tools.add(new Tool(requiredText(tool, "name", path + ".name"), description, schema, strict));
        }
        return tools;
    }

    private static Choice toolChoice(JsonNode value) {
        object(value, "tool_choice");
        onlyFields(value, "tool_choice", "type", "name", "disable_parallel_tool_use");
        String type = requiredText(value, "type", "tool_choice.type");
        ToolChoice choice = switch (type) {
            case "auto" -> new ToolChoice.Auto();
            case "any" -> new ToolChoice.Required();
            case "tool" -> new ToolChoice.Named(requiredText(value, "name", "tool_choice.name"));
            case "none" -> new ToolChoice.None();
            default -> throw invalid("tool_choice.type", "Input should be 'auto', 'any', 'tool' or 'none'");
        };
        boolean disableParallel = !ClientJson.absent(value, "disable_parallel_tool_use")
                && bool(value.get("disable_parallel_tool_use"), "tool_choice.disable_parallel_tool_use");
        // Not disabling is every provider's default, so only the explicit "one call at a time" is carried.
        return new Choice(choice, disableParallel ? Boolean.FALSE : null);
    }

    private static String userId(JsonNode value) {
        object(value, "metadata");
        onlyFields(value, "metadata", "user_id");
        return ClientJson.absent(value, "user_id") ? null : text(value.get("user_id"), "metadata.user_id");
    }

    /**
     * Anthropic's effort ({@code output_config.effort}: low, medium, high, max) in the neutral
     * model's words; {@code max} is beyond what other vendors offer, so it becomes their highest.
     */
    private static String effort(JsonNode value) {
        object(value, "output_config");
        // A JSON schema for the answer has no translation here yet: refused rather than dropped.
        if (!ClientJson.absent(value, "format")) {
            throw untranslatable("output_config.format", "a structured output format");
        }
        onlyFields(value, "output_config", "effort");
        if (ClientJson.absent(value, "effort")) {
            return null;
        }
        return switch (text(value.get("effort"), "output_config.effort")) {
            case "low" -> "low";
            case "medium" -> "medium";
            case "high", "max" -> "high";
            default -> throw invalid("output_config.effort", "Input should be 'low', 'medium', 'high' or 'max'");
        };
    }

    /**
     * The thinking configuration and effort as one {@link Reasoning}. A fixed budget and
     * {@code disabled} say exactly how much to think; {@code adaptive} leaves it to the model,
     * guided by the effort when one is given, otherwise the model's default (no preference).
     * {@code display} (whether Anthropic returns thinking text or a summary) is accepted: other
     * vendors decide that themselves.
     */
    private static Reasoning reasoning(JsonNode thinking, String effort) {
        if (thinking == null) {
            return effort == null ? null : new Reasoning(effort, null);
        }
        String type = requiredText(thinking, "type", "thinking.type");
        return switch (type) {
            case "enabled" -> {
                onlyFields(thinking, "thinking", "type", "budget_tokens", "display");
                yield new Reasoning(null, positive(required(thinking, "budget_tokens", "thinking.budget_tokens"), "thinking.budget_tokens"));
            }
            case "adaptive" -> {
                onlyFields(thinking, "thinking", "type", "display");
                yield effort == null ? null : new Reasoning(effort, null);
            }
            case "disabled" -> {
                onlyFields(thinking, "thinking", "type");
                yield new Reasoning(null, 0);
            }
            default -> throw invalid("thinking.type", "Input should be 'enabled', 'adaptive' or 'disabled'");
        };
    }
}
