package dev.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chat request in no vendor's format: what a client asked for, decoded from its dialect
 * (OpenAI chat completions, Anthropic messages) so it can be encoded into another (Anthropic,
 * Gemini, OpenAI-compatible). Only requests that cross dialects take this form; a request whose
 * client and upstream speak the same dialect passes through as bytes.
 *
 * <p>Every field a decoder accepts must be representable here or rejected by the decoder with a
 * 400: nothing the client sent may be dropped silently on the way to another dialect.
 *
 * @param model           the model name the client asked for (routing replaces it per deployment)
 * @param system          system instructions, in order (OpenAI's system/developer messages, Anthropic's {@code system})
 * @param messages        the conversation, user and assistant turns; tool results are user-side parts
 * @param tools           functions the model may call
 * @param toolChoice      whether and which tool the model must call; null means the dialect's default
 * @param parallelToolCalls false to allow at most one tool call per turn; null for the default
 * @param maxTokens       the output limit; null when the client set none
 * @param temperature     null for the default
 * @param topP            null for the default
 * @param topK            null for the default (not expressible in OpenAI's dialect)
 * @param stop            stop sequences
 * @param responseFormat  plain text, any JSON object, or JSON following a schema
 * @param reasoning       how much the model should think before answering; null for the default
 * @param stream          whether the client wants the answer streamed
 * @param user            an end-user id for the vendor's abuse monitoring; null if none
 * @param seed            sampling seed; null if none
 * @param streamUsage     whether a streaming client asked for token usage at the end of its stream
 *                        (OpenAI's {@code stream_options.include_usage}); only the client's own
 *                        dialect reads it, to write the stream it expects. Dialects whose streams
 *                        always carry usage leave it false.
 */
public record ChatRequest(String model, List<Text> system, List<Message> messages, List<Tool> tools,
                          ToolChoice toolChoice, Boolean parallelToolCalls, Integer maxTokens,
                          Double temperature, Double topP, Integer topK, List<String> stop,
                          ResponseFormat responseFormat, Reasoning reasoning, boolean stream,
                          String user, Long seed, boolean streamUsage) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        stop = List.copyOf(stop);
        responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
    }

    /** A request from a dialect that has no option for usage in streams (its streams always carry it). */
    public ChatRequest(String model, List<Text> system, List<Message> messages, List<Tool> tools,
                       ToolChoice toolChoice, Boolean parallelToolCalls, Integer maxTokens,
                       Double temperature, Double topP, Integer topK, List<String> stop,
                       ResponseFormat responseFormat, Reasoning reasoning, boolean stream,
                       String user, Long seed) {
        this(model, system, messages, tools, toolChoice, parallelToolCalls, maxTokens, temperature, topP, topK,
                stop, responseFormat, reasoning, stream, user, seed, false);
    }

    /**
     * A request built field by field, for callers inside the gateway (a workflow step, a sampling
     * request): the model and one message are all it needs; every other field keeps its default.
     */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** Builds a {@link ChatRequest}; not thread-safe. */
    public static final class Builder {
        private final String model;
        private final List<Text> system = new ArrayList<>();
        private final List<Message> messages = new ArrayList<>();
        private final List<Tool> tools = new ArrayList<>();
        private ToolChoice toolChoice;
        private Integer maxTokens;
        private Double temperature;
        private ResponseFormat responseFormat;
        private Reasoning reasoning;
        private boolean stream;

        private Builder(String model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        public Builder system(String text) {
            system.add(Text.of(text));
            return this;
        }

        public Builder user(String text) {
            return message(new Message(Role.USER, List.of(Text.of(text))));
        }

        public Builder assistant(String text) {
            return message(new Message(Role.ASSISTANT, List.of(Text.of(text))));
        }

        /** Any turn: tool calls, tool results, images. */
        public Builder message(Message message) {
            messages.add(message);
            return this;
        }

        public Builder tools(List<Tool> offered, ToolChoice choice) {
            tools.addAll(offered);
            toolChoice = choice;
            return this;
        }

        public Builder maxTokens(Integer limit) {
            maxTokens = limit;
            return this;
        }

        public Builder temperature(Double value) {
            temperature = value;
            return this;
        }

        public Builder responseFormat(ResponseFormat format) {
            responseFormat = format;
            return this;
        }

        public Builder reasoning(Reasoning how) {
            reasoning = how;
            return this;
        }

        public Builder stream(boolean streamed) {
            stream = streamed;
            return this;
        }

        /** @throws IllegalArgumentException when no message was added */
        public ChatRequest build() {
            return new ChatRequest(model, system, messages, tools, toolChoice, null, maxTokens, temperature, null, null, List.of(),
                    responseFormat, reasoning, stream, null, null);
        }
    }

    /** A turn of the conversation. */
    public record Message(Role role, List<Part> parts) {
        public Message {
            Objects.requireNonNull(role, "role");
            parts = List.copyOf(parts);
        }
    }

    public enum Role { USER, ASSISTANT }

    /** One piece of a message. The set is closed: each dialect codec handles every kind. */
    public sealed interface Part permits Text, Image, Document, ToolCall, ToolResult, Thinking {
    }

    /**
     * Text, optionally marked as the end of a prompt-cache prefix (Anthropic's {@code cache_control}).
     *
     * @param cacheControl the vendor's cache marker as sent, e.g. {@code {"type":"ephemeral"}}; null if none
     */
    public record Text(String text, JsonNode cacheControl) implements Part {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        public static Text of(String text) {
            return new Text(text, null);
        }
    }

    /**
     * An image, by URL or inline.
     *
     * @param url       an http(s) URL, or null for inline data
     * @param mediaType e.g. {@code image/png}; required for inline data
     * @param base64    inline bytes, base64-encoded; null for a URL
     * @param detail    OpenAI's {@code low}/{@code high}/{@code auto}; null if not given
     */
    public record Image(String url, String mediaType, String base64, String detail, JsonNode cacheControl) implements Part {
        public Image {
            if ((url == null) == (base64 == null)) {
                throw new IllegalArgumentException("an image has either a URL or inline data");
            }
        }
    }

    /** A document (e.g. a PDF), by URL or inline, with an optional title. */
    public record Document(String url, String mediaType, String base64, String title, JsonNode cacheControl) implements Part {
        public Document {
            if ((url == null) == (base64 == null)) {
                throw new IllegalArgumentException("a document has either a URL or inline data");
            }
        }
    }

    /**
     * The model's call of a tool (an assistant part).
     *
     * @param arguments the arguments as a JSON object
     */
    public record ToolCall(String id, String name, JsonNode arguments) implements Part {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * What a tool returned (a user-side part).
     *
     * @param callId  the {@link ToolCall#id} it answers
     * @param name    the tool's name when the client's dialect says it (Gemini needs it); may be null
     * @param content text and images the tool returned
     * @param isError true when the tool failed
     */
    public record ToolResult(String callId, String name, List<Part> content, boolean isError) implements Part {
        public ToolResult {
            Objects.requireNonNull(callId, "callId");
            content = List.copyOf(content);
        }
    }

    /**
     * The model's visible reasoning (an assistant part), to be sent back in later turns.
     *
     * @param signature the vendor's proof that the text is unmodified; null if none
     * @param redacted  true for an encrypted block whose {@code text} is the opaque data
     */
    public record Thinking(String text, String signature, boolean redacted) implements Part {
    }

    /** A function the model may call. */
    public record Tool(String name, String description, JsonNode parameters, Boolean strict) {
        public Tool {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Whether the model must call a tool. */
    public sealed interface ToolChoice permits ToolChoice.Auto, ToolChoice.None, ToolChoice.Required, ToolChoice.Named {
        /** The model decides. */
        record Auto() implements ToolChoice {
        }

        /** The model must not call tools. */
        record None() implements ToolChoice {
        }

        /** The model must call some tool. */
        record Required() implements ToolChoice {
        }

        /** The model must call this tool. */
        record Named(String name) implements ToolChoice {
        }
    }

    /** The shape the answer must have. */
    public sealed interface ResponseFormat permits ResponseFormat.PlainText, ResponseFormat.JsonObject, ResponseFormat.JsonSchema {
        ResponseFormat TEXT = new PlainText();

        record PlainText() implements ResponseFormat {
        }

        /** Any JSON object. */
        record JsonObject() implements ResponseFormat {
        }

        /** JSON following {@code schema}. */
        record JsonSchema(String name, JsonNode schema, Boolean strict) implements ResponseFormat {
        }
    }

    /**
     * How much to think: OpenAI speaks in efforts, Anthropic and Gemini in token budgets. Each codec
     * maps whichever it receives to what its vendor accepts.
     *
     * @param effort       {@code minimal}, {@code low}, {@code medium} or {@code high}; null when a budget was given
     * @param budgetTokens thinking tokens allowed; null when an effort was given; 0 turns thinking off
     */
    public record Reasoning(String effort, Integer budgetTokens) {
    }
}
