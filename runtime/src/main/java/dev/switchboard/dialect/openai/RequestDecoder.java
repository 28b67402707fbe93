package dev.switchboard.dialect.openai;

import static dev.switchboard.dialect.openai.RequestChecks.invalidType;
import static dev.switchboard.dialect.openai.RequestChecks.invalidValue;
import static dev.switchboard.dialect.openai.RequestChecks.missing;
import static dev.switchboard.dialect.openai.RequestChecks.onlyKnownFields;
import static dev.switchboard.dialect.openai.RequestChecks.optionalBoolean;
import static dev.switchboard.dialect.openai.RequestChecks.optionalObject;
import static dev.switchboard.dialect.openai.RequestChecks.optionalString;
import static dev.switchboard.dialect.openai.RequestChecks.requiredString;
import static dev.switchboard.dialect.openai.RequestChecks.unsupported;
import static dev.switchboard.dialect.openai.RequestChecks.unsupportedValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.Reasoning;
import dev.switchboard.chat.ChatRequest.ResponseFormat;
import dev.switchboard.chat.ChatRequest.Tool;
import dev.switchboard.chat.ChatRequest.ToolChoice;
import dev.switchboard.error.GatewayException.InvalidRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an OpenAI chat-completions request into a neutral {@link ChatRequest}, for a model served
 * in another dialect.
 *
 * <p>The body is read and checked by the pass-through parser ({@link OpenAiChatRequest#parseTree}),
 * so malformed JSON, field types, ranges and roles are refused with the very messages a
 * pass-through client gets, and the bytes are parsed only once. Each top-level field of the tree
 * is then named in {@link Fields#read}: translated, accepted as advisory, or refused. An unknown
 * field is refused rather than dropped, because without it the upstream would answer a different
 * question than the client asked.
 */
final class RequestDecoder {
    private static final Set<String> TOOL_FIELDS = Set.of("type", "function");
    private static final Set<String> FUNCTION_FIELDS = Set.of("name", "description", "parameters", "strict");
    private static final Set<String> JSON_SCHEMA_FIELDS = Set.of("name", "schema", "strict");

    private RequestDecoder() {
    }

    static ChatRequest decode(byte[] body) {
        Fields fields = new Fields();
        for (Map.Entry<String, JsonNode> field : OpenAiChatRequest.parseTree(body).properties()) {
            fields.read(field.getKey(), field.getValue());
        }
        return new ChatRequest(fields.model, fields.conversation.system(), fields.conversation.messages(), fields.tools,
                fields.toolChoice, fields.parallelToolCalls,
                fields.maxCompletionTokens != null ? fields.maxCompletionTokens : fields.maxTokens,
                fields.temperature, fields.topP, fields.topK, fields.stop, fields.responseFormat, fields.reasoning,
                fields.stream, fields.user, fields.seed, fields.stream && fields.streamUsage);
    }

    /** The translated top-level fields of one request. */
    private static final class Fields {
        String model;
        boolean stream;
        boolean streamUsage;
        MessageDecoder.Conversation conversation;
        List<Tool> tools = List.of();
        ToolChoice toolChoice;
        Boolean parallelToolCalls;
        Integer maxTokens;
        Integer maxCompletionTokens;
        Double temperature;
        Double topP;
        Integer topK;
        List<String> stop = List.of();
        ResponseFormat responseFormat;
        Reasoning reasoning;
        String user;
        Long seed;

        /** Types and ranges of the model, numbers and booleans were checked by the pass-through parser. */
        void read(String name, JsonNode value) {
            switch (name) {
                case "model" -> model = value.textValue();
                case "stream" -> stream = value.booleanValue();
                case "stream_options" -> streamUsage = value.path("include_usage").booleanValue();
                // Advisory: they change how OpenAI keeps or bills the request, never the answer.
                case "store", "metadata", "service_tier" -> {
                }
                case "messages" -> conversation = MessageDecoder.decode(value);
                case "tools" -> tools = tools(value);
                case "tool_choice" -> toolChoice = toolChoice(value);
                case "parallel_tool_calls" -> parallelToolCalls = value.isNull() ? null : value.booleanValue();
                case "max_tokens" -> maxTokens = tokens(value, name);
                case "max_completion_tokens" -> maxCompletionTokens = tokens(value, name);
                case "temperature" -> temperature = value.isNull() ? null : value.doubleValue();
                case "top_p" -> topP = value.isNull() ? null : value.doubleValue();
                case "stop" -> stop = stop(value);
                case "response_format" -> responseFormat = responseFormat(value);
                case "reasoning_effort" -> reasoning = reasoning(value);
                case "user" -> {
                    if (!value.isNull() && !value.isTextual()) {
                        throw invalidType(name, "a string");
                    }
                    user = value.textValue();
                }
                case "seed" -> seed = value.isNull() ? null : value.longValue();
                case "top_k" -> topK = topK(value);
                // Each of these has an OpenAI default the other vendors share; anything else is refused.
                case "n" -> refuseUnless(value.isNull() || value.longValue() == 1, name);
                case "logprobs" -> refuseUnless(!value.booleanValue(), name);
                case "top_logprobs" -> refuseUnless(value.isNull() || value.longValue() == 0, name);
                case "presence_penalty", "frequency_penalty" -> refuseUnless(value.isNull() || value.doubleValue() == 0, name);
                case "logit_bias" -> refuseUnless(value.isNull() || value.isObject() && value.isEmpty(), name);
                case "modalities" -> refuseUnless(value.isNull() || textOnly(value), name);
                case "audio", "prediction", "web_search_options" -> refuseUnless(value.isNull(), name);
                case "functions" -> refuseLegacy(value, name, "tools");
                case "function_call" -> refuseLegacy(value, name, "tool_choice");
                default -> throw new InvalidRequest("Unrecognized request argument supplied: " + name, name);
            }
        }

        private static void refuseUnless(boolean expressible, String name) {
            if (!expressible) {
                throw unsupported(name);
            }
        }

        private static void refuseLegacy(JsonNode value, String name, String replacement) {
            if (!value.isNull()) {
                throw new InvalidRequest("The legacy '" + name + "' parameter is not supported when the model is served by a non-OpenAI provider; use '" + replacement + "' instead.", name);
            }
        }

        private static boolean textOnly(JsonNode modalities) {
            return modalities.isArray() && modalities.size() == 1 && "text".equals(modalities.get(0).textValue());
        }
    }

    private static Integer tokens(JsonNode value, String name) {
        if (value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt()) {
            throw new InvalidRequest("Invalid '" + name + "': " + value.asText() + " is out of range; expected at most " + Integer.MAX_VALUE + ".", name);
        }
        return value.intValue();
    }

    /**
     * Not OpenAI's, but vLLM, OpenRouter and LiteLLM take it in OpenAI-format requests, and
     * Anthropic and Gemini have it. 0 and below mean "off", as in vLLM.
     */
    private static Integer topK(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalidType("top_k", "an integer");
        }
        return value.intValue() > 0 ? value.intValue() : null;
    }

    private static List<Tool> tools(JsonNode array) {
        List<Tool> tools = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode tool = array.get(i);
            String at = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw invalidType(at, "an object");
            }
            String type = requiredString(tool, "type", at);
            if (!type.equals("function")) {
                throw unsupportedValue(at + ".type", type);
            }
            onlyKnownFields(tool, TOOL_FIELDS, at);
            JsonNode function = optionalObject(tool, "function", at);
            if (function == null) {
                throw missing(at + ".function");
            }
            String functionAt = at + ".function";
            onlyKnownFields(function, FUNCTION_FIELDS, functionAt);
            tools.add(new Tool(requiredString(function, "name", functionAt), optionalString(function, "description", functionAt),
                    optionalObject(function, "parameters", functionAt), optionalBoolean(function, "strict", functionAt)));
        }
        return tools;
    }

    private static ToolChoice toolChoice(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return switch (value.textValue()) {
                case "auto" -> new ToolChoice.Auto();
                case "none" -> new ToolChoice.None();
                case "required" -> new ToolChoice.Required();
                default -> throw invalidValue("tool_choice", value.textValue(), "'auto', 'none', 'required' or an object naming a function");
            };
        }
        String type = requiredString(value, "type", "tool_choice");
        if (!type.equals("function")) {
            throw unsupportedValue("tool_choice.type", type);
        }
        onlyKnownFields(value, TOOL_FIELDS, "tool_choice");
        JsonNode function = optionalObject(value, "function", "tool_choice");
        if (function == null) {
            throw missing("tool_choice.function");
        }
        return new ToolChoice.Named(requiredString(function, "name", "tool_choice.function"));
    }

    private static List<String> stop(JsonNode value) {
        if (value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.textValue());
        }
        List<String> stop = new ArrayList<>(value.size());
        for (JsonNode sequence : value) {
            if (!sequence.isTextual()) {
                throw invalidType("stop", "a string or an array of strings");
            }
            stop.add(sequence.textValue());
        }
        return stop;
    }

    private static ResponseFormat responseFormat(JsonNode value) {
        String type = requiredString(value, "type", "response_format");
        return switch (type) {
            case "text" -> ResponseFormat.TEXT;
            case "json_object" -> new ResponseFormat.JsonObject();
            case "json_schema" -> {
                JsonNode schema = optionalObject(value, "json_schema", "response_format");
                if (schema == null) {
                    throw missing("response_format.json_schema");
                }
                // 'description' is refused too: it steers the answer, and no other vendor has a place for it.
                onlyKnownFields(schema, JSON_SCHEMA_FIELDS, "response_format.json_schema");
                yield new ResponseFormat.JsonSchema(requiredString(schema, "name", "response_format.json_schema"),
                        optionalObject(schema, "schema", "response_format.json_schema"),
                        optionalBoolean(schema, "strict", "response_format.json_schema"));
            }
            default -> throw invalidValue("response_format.type", type, "'text', 'json_object' and 'json_schema'");
        };
    }

    private static Reasoning reasoning(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalidType("reasoning_effort", "a string");
        }
        return switch (value.textValue()) {
            case "minimal", "low", "medium", "high" -> new Reasoning(value.textValue(), null);
            default -> throw invalidValue("reasoning_effort", value.textValue(), "'minimal', 'low', 'medium' and 'high'");
        };
    }
}
