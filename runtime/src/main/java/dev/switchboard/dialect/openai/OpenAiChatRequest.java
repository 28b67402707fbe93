package dev.switchboard.dialect.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.error.ClientText;
import dev.switchboard.error.GatewayException.InvalidRequest;
import dev.switchboard.dialect.ClientRequest;
import dev.switchboard.dialect.JsonSplice;
import dev.switchboard.dialect.RequestWalk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A chat-completions request as the gateway needs it: the few fields it acts on, checked, plus the
 * original bytes. Validation walks the body once with a streaming parser and skips every value it
 * does not check, so unknown vendor fields pass through untouched and no tree is built for them.
 *
 * <p>When the request goes upstream only the model name (and, for streams, {@code stream_options})
 * is rewritten, by splicing bytes at the offsets recorded during the walk: the rest of the body is
 * copied, never re-serialised.
 */
public final class OpenAiChatRequest implements ClientRequest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final byte[] INCLUDE_USAGE = "{\"include_usage\":true}".getBytes(StandardCharsets.UTF_8);

    private final byte[] body;
    private final RequestWalk.Walked walked;
    private final boolean stream;
    private final boolean clientWantsUsage;
    private final int streamOptionsStart;
    private final int streamOptionsEnd;
    private final ObjectNode streamOptions;
    private final Integer maxTokens;
    private final int choices;

    private OpenAiChatRequest(RequestWalk.Walked walked, Scan scan, byte[] body) {
        this.body = body;
        this.walked = walked;
        this.stream = scan.stream;
        this.clientWantsUsage = scan.streamOptions != null && scan.streamOptions.path("include_usage").asBoolean(false);
        this.streamOptionsStart = scan.streamOptionsStart;
        this.streamOptionsEnd = scan.streamOptionsEnd;
        this.streamOptions = scan.streamOptions;
        this.maxTokens = scan.maxTokens;
        this.choices = scan.choices;
    }

    /**
     * Checks a request body and records what the gateway needs from it.
     *
     * @throws InvalidRequest naming the field and the problem, in the words OpenAI's API uses
     */
    public static OpenAiChatRequest parse(byte[] body) {
        Scan scan = new Scan();
        RequestWalk.Walked walked = RequestWalk.walk(body, scan::field);
        scan.requireMessages();
        return new OpenAiChatRequest(walked, scan, body);
    }

    /**
     * Checks a request body exactly as {@link #parse} does and returns it as a tree, for callers that
     * translate the request into another dialect rather than relay its bytes. The bytes are read
     * once: each top-level value is built as a tree, and the checks walk that tree.
     *
     * @throws InvalidRequest as {@link #parse} does
     */
    public static ObjectNode parseTree(byte[] body) {
        Scan scan = new Scan();
        ObjectNode tree = JSON.createObjectNode();
        RequestWalk.Walked walked = RequestWalk.walk(body, (name, p) -> {
            JsonNode value = p.readValueAsTree();
            tree.set(name, value);
            try (JsonParser replay = value.traverse(JSON)) {
                replay.nextToken();
                scan.field(name, replay);
            }
        });
        scan.requireMessages();
        tree.put("model", walked.model());
        return tree;
    }

    @Override
    public String model() {
        return walked.model();
    }

    @Override
    public boolean stream() {
        return stream;
    }

    /** {@code max_completion_tokens}, or the older {@code max_tokens}; null when neither is set. */
    @Override
    public Integer maxTokens() {
        return maxTokens;
    }

    @Override
    public int choices() {
        return choices;
    }

    /** Whether the client asked for the final usage chunk of a stream ({@code stream_options.include_usage}). */
    public boolean clientWantsUsage() {
        return clientWantsUsage;
    }



    /**
     * The body to send upstream: the model replaced by the deployment's name for it and, for a
     * stream, {@code stream_options.include_usage} switched on so the gateway always learns the
     * exact usage (the usage chunk is dropped again for clients that did not ask for it).
     */
    @Override
    public byte[] bodyFor(String upstreamModel) {
        boolean rewriteModel = !upstreamModel.equals(walked.model());
        boolean addUsage = stream && !clientWantsUsage;
        if (!rewriteModel && !addUsage) {
            return body;
        }
        JsonSplice splice = new JsonSplice(body);
        if (rewriteModel) {
            walked.replaceModel(splice, upstreamModel);
        }
        if (addUsage && streamOptionsStart < 0) {
            splice.replace(walked.objectStart() + 1, walked.objectStart() + 1, ("\"stream_options\":" + new String(INCLUDE_USAGE, StandardCharsets.UTF_8) + ",").getBytes(StandardCharsets.UTF_8));
        } else if (addUsage) {
            splice.replace(streamOptionsStart, streamOptionsEnd, mergedStreamOptions());
        }
        return splice.finish();
    }

    private byte[] mergedStreamOptions() {
        if (streamOptions == null) {
            return INCLUDE_USAGE;
        }
        ObjectNode merged = streamOptions.deepCopy();
        merged.put("include_usage", true);
        return merged.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The mutable state of one validating walk over the top-level fields. */
    private static final class Scan {
        boolean stream;
        int streamOptionsStart = -1;
        int streamOptionsEnd = -1;
        ObjectNode streamOptions;
        int messages = -1;
        Integer maxTokens;
        int choices = 1;

        void requireMessages() {
            if (messages < 0) {
                throw new InvalidRequest("Missing required parameter: 'messages'.", "messages");
            }
        }

        void field(String name, JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            switch (name) {
                case "messages" -> messages = messages(p);
                case "stream" -> stream = optionalBoolean(p, name);
                case "stream_options" -> {
                    streamOptionsStart = (int) p.currentTokenLocation().getByteOffset();
                    if (token == JsonToken.START_OBJECT) {
                        streamOptions = p.readValueAsTree();
                        if (streamOptions.has("include_usage") && !streamOptions.get("include_usage").isBoolean()) {
                            throw new InvalidRequest("Invalid type for 'stream_options.include_usage': expected a boolean.", "stream_options.include_usage");
                        }
                    } else if (token != JsonToken.VALUE_NULL) {
                        throw new InvalidRequest("Invalid type for 'stream_options': expected an object.", name);
                    }
                    streamOptionsEnd = (int) p.currentLocation().getByteOffset();
                }
                case "n" -> choices = (int) Math.min(Integer.MAX_VALUE, integerAtLeast(p, name, 1, 1));
                case "max_tokens", "max_completion_tokens" -> {
                    long value = integerAtLeast(p, name, 1, -1);
                    // The newer name wins when both are sent, as at OpenAI.
                    if (value > 0 && (maxTokens == null || name.equals("max_completion_tokens"))) {
                        maxTokens = (int) Math.min(Integer.MAX_VALUE, value);
                    }
                }
                case "top_logprobs" -> integerAtLeast(p, name, 0);
                case "seed" -> integerAtLeast(p, name, Long.MIN_VALUE);
                case "temperature" -> numberBetween(p, name, 0, 2);
                case "top_p" -> numberBetween(p, name, 0, 1);
                case "presence_penalty", "frequency_penalty" -> numberBetween(p, name, -2, 2);
                case "logprobs", "parallel_tool_calls" -> optionalBoolean(p, name);
                case "tools" -> {
                    expect(p, name, JsonToken.START_ARRAY, "an array of tools");
                    p.skipChildren();
                }
                case "response_format" -> {
                    expect(p, name, JsonToken.START_OBJECT, "an object");
                    p.skipChildren();
                }
                case "tool_choice" -> {
                    if (token != JsonToken.VALUE_STRING && token != JsonToken.START_OBJECT && token != JsonToken.VALUE_NULL) {
                        throw new InvalidRequest("Invalid type for 'tool_choice': expected a string or an object.", name);
                    }
                    p.skipChildren();
                }
                case "user" -> {
                    // Passed on upstream and kept in opted-in request logs: an end user's id, not a payload.
                    if (token == JsonToken.VALUE_STRING) {
                        ClientText.bounded(name, p.getText(), ClientText.MAX_NAME_CHARS);
                    }
                    p.skipChildren();
                }
                case "stop" -> {
                    if (token != JsonToken.VALUE_STRING && token != JsonToken.START_ARRAY && token != JsonToken.VALUE_NULL) {
                        throw new InvalidRequest("Invalid type for 'stop': expected a string or an array of strings.", name);
                    }
                    p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }

        private static int messages(JsonParser p) throws IOException {
            expect(p, "messages", JsonToken.START_ARRAY, "an array of messages");
            int count = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String at = "messages[" + count + "]";
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    throw new InvalidRequest("Invalid type for '" + at + "': expected an object.", at);
                }
                String role = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("role")) {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new InvalidRequest("Invalid type for '" + at + ".role': expected a string.", at + ".role");
                        }
                        role = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                if (role == null) {
                    throw new InvalidRequest("Missing required parameter: '" + at + ".role'.", at + ".role");
                }
                if (!ROLES.contains(role)) {
                    throw new InvalidRequest("Invalid value: '" + ClientText.quoted(role) + "'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.", at + ".role");
                }
                count++;
            }
            if (count == 0) {
                throw new InvalidRequest("Invalid 'messages': empty array. Expected an array with at least one message.", "messages");
            }
            return count;
        }

        private static void expect(JsonParser p, String name, JsonToken wanted, String what) {
            if (p.currentToken() != wanted) {
                throw new InvalidRequest("Invalid type for '" + name + "': expected " + what + ".", name);
            }
        }

        private static boolean optionalBoolean(JsonParser p, String name) {
            return switch (p.currentToken()) {
                case VALUE_TRUE -> true;
                case VALUE_FALSE, VALUE_NULL -> false;
                default -> throw new InvalidRequest("Invalid type for '" + name + "': expected a boolean.", name);
            };
        }

        private static void integerAtLeast(JsonParser p, String name, long min) throws IOException {
            integerAtLeast(p, name, min, 0);
        }

        /** @return the value, or {@code absent} when it is null */
        private static long integerAtLeast(JsonParser p, String name, long min, long absent) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return absent;
            }
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new InvalidRequest("Invalid type for '" + name + "': expected an integer.", name);
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < min) {
                throw new InvalidRequest("Invalid '" + name + "': " + p.getText() + " is out of range; expected at least " + min + ".", name);
            }
            return p.getLongValue();
        }

        private static void numberBetween(JsonParser p, String name, double min, double max) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            if (!p.currentToken().isNumeric()) {
                throw new InvalidRequest("Invalid type for '" + name + "': expected a number.", name);
            }
            double value = p.getDoubleValue();
            if (value < min || value > max) {
                throw new InvalidRequest("Invalid '" + name + "': " + p.getText() + " is out of range; expected a number from "
                        + format(min) + " to " + format(max) + ".", name);
            }
        }

        private static String format(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }
    }
}
