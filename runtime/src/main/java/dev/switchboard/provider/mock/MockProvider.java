package dev.switchboard.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.EmbeddingsProvider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * An offline stand-in for a model, so a newcomer can try the whole API with no provider key. It
 * answers in OpenAI's wire format, streaming included, calls a tool when tools are offered, fills
 * a requested JSON schema with example values, and returns deterministic embeddings. Every answer
 * says it comes from the mock ({@code system_fingerprint} and the text itself), so nobody mistakes
 * it for a model.
 *
 * <p>The mock is for trying the API only: protocol tests use WireMock with real vendor payloads.
 */
public final class MockProvider implements EmbeddingsProvider {
    public static final String NOTICE = "[Switchboard mock provider: offline simulation, not a real model]";
    private static final String FINGERPRINT = "switchboard-mock";
    private static final int DEFAULT_DIMENSIONS = 256;
    // OpenAI's own limits: 2,048 inputs per request; text-embedding-3-large has 3,072 dimensions.
    private static final int MAX_EMBEDDING_INPUTS = 2_048;
    private static final int MAX_DIMENSIONS = 4_096;
    // How much of the prompt an answer repeats.
    private static final int ECHO_CHARS = 200;
    /** Pause between streamed chunks: slow enough for a person to see the answer stream in. */
    public static final Duration DEFAULT_CHUNK_DELAY = Duration.ofMillis(20);

    private final String name;
    private final Duration chunkDelay;
    private final ObjectMapper json = new ObjectMapper();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /** @param chunkDelay pause between streamed chunks, so streaming is visible to a human */
    public MockProvider(String name, Duration chunkDelay) {
        this.name = name;
        this.chunkDelay = chunkDelay;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String catalogProvider() {
        return "mock";
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.OPENAI;
    }

    @Override
    public UpstreamResponse chat(UpstreamCall call) {
        JsonNode request = read(call.body());
        String model = request.path("model").asText("mock");
        Answer answer = answer(request);
        long promptTokens = estimateTokens(serializedLength(request.path("messages")));
        long completionTokens = estimateTokens(answer.text().length() + answer.toolArguments().length());
        String id = "chatcmpl-mock-" + UUID.randomUUID();
        long created = System.currentTimeMillis() / 1000;
        if (!call.streaming()) {
            ObjectNode message = nodes.objectNode().put("role", "assistant");
            if (answer.isToolCall()) {
                message.putNull("content");
                message.set("tool_calls", nodes.arrayNode().add(toolCall(answer, answer.toolArguments(), true)));
            } else {
                message.put("content", answer.text());
            }
            ObjectNode body = envelope(id, "chat.completion", created, model);
            body.set("choices", nodes.arrayNode().add(nodes.objectNode().put("index", 0)
                    .<ObjectNode>set("message", message).put("finish_reason", answer.finishReason())));
            body.set("usage", usage(promptTokens, completionTokens));
            return new MockResponse("application/json", List.of(bytes(body)), Duration.ZERO);
        }
        List<byte[]> events = new ArrayList<>();
        events.add(chunk(id, created, model, nodes.objectNode().put("role", "assistant").put("content", ""), null));
        if (answer.isToolCall()) {
            String args = answer.toolArguments();
            int half = args.length() / 2;
            events.add(chunk(id, created, model, toolDelta(toolCall(answer, args.substring(0, half), true)), null));
            events.add(chunk(id, created, model, toolDelta(toolCall(answer, args.substring(half), false)), null));
        } else {
            for (String piece : words(answer.text())) {
                events.add(chunk(id, created, model, nodes.objectNode().put("content", piece), null));
            }
        }
        events.add(chunk(id, created, model, nodes.objectNode(), answer.finishReason()));
        if (request.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode last = envelope(id, "chat.completion.chunk", created, model);
            last.set("choices", nodes.arrayNode());
            last.set("usage", usage(promptTokens, completionTokens));
            events.add(sse(bytes(last)));
        }
        events.add("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        return new MockResponse("text/event-stream", events, chunkDelay);
    }

    @Override
    public UpstreamResponse embeddings(UpstreamCall call) {
        JsonNode request = read(call.body());
        JsonNode input = request.path("input");
        if (input.size() > MAX_EMBEDDING_INPUTS) {
            throw new GatewayException.InvalidRequest("The mock embeds at most " + MAX_EMBEDDING_INPUTS + " inputs per request, as OpenAI does; got "
                    + input.size() + ".", "input");
        }
        List<String> texts = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(item -> texts.add(item.isTextual() ? item.asText() : item.toString()));
        } else {
            texts.add(input.asText());
        }
        long dimensions = request.path("dimensions").asLong(DEFAULT_DIMENSIONS);
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw new GatewayException.InvalidRequest("The mock makes embeddings of 1 to " + MAX_DIMENSIONS + " dimensions; got "
                    + dimensions + ".", "dimensions");
        }
        boolean base64 = "base64".equals(request.path("encoding_format").asText());
        ArrayNode data = nodes.arrayNode();
        long tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] vector = embed(texts.get(i), (int) dimensions);
            tokens += estimateTokens(texts.get(i).length());
            ObjectNode item = nodes.objectNode().put("object", "embedding").put("index", i);
            if (base64) {
                ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    buffer.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(buffer.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
            data.add(item);
        }
        ObjectNode body = nodes.objectNode().put("object", "list");
        body.set("data", data);
        body.put("model", request.path("model").asText("mock-embedding"));
        body.set("usage", nodes.objectNode().put("prompt_tokens", tokens).put("total_tokens", tokens));
        return new MockResponse("application/json", List.of(bytes(body)), Duration.ZERO);
    }

    /** What the mock "decides" to say: a tool call when tools are offered and none was answered yet, else text. */
    private record Answer(String text, String toolCallId, String toolName, String toolArguments) {
        boolean isToolCall() {
            return toolName != null;
        }

        String finishReason() {
            return isToolCall() ? "tool_calls" : "stop";
        }
    }

    private Answer answer(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.isArray() && !messages.isEmpty() ? messages.get(messages.size() - 1) : nodes.objectNode();
        JsonNode tools = request.path("tools");
        boolean toolsOffered = tools.isArray() && !tools.isEmpty() && !"none".equals(request.path("tool_choice").asText());
        if (toolsOffered && !"tool".equals(last.path("role").asText())) {
            JsonNode function = chosenTool(tools, request.path("tool_choice")).path("function");
            String arguments = example(function.path("parameters")).toString();
            return new Answer("", "call_mock_" + UUID.randomUUID().toString().substring(0, 8), function.path("name").asText(), arguments);
        }
        JsonNode format = request.path("response_format");
        if ("json_schema".equals(format.path("type").asText())) {
            return new Answer(example(format.path("json_schema").path("schema")).toString(), null, null, "");
        }
        if ("json_object".equals(format.path("type").asText())) {
            return new Answer(nodes.objectNode().put("mock", true).put("notice", NOTICE).toString(), null, null, "");
        }
        String said = abbreviated("tool".equals(last.path("role").asText()) ? "The tool returned: " : "You said: ", last.path("content"));
        return new Answer(NOTICE + " " + said, null, null, "");
    }

    private static JsonNode chosenTool(JsonNode tools, JsonNode toolChoice) {
        String wanted = toolChoice.path("function").path("name").asText(null);
        for (JsonNode tool : tools) {
            if (wanted == null || wanted.equals(tool.path("function").path("name").asText())) {
                return tool;
            }
        }
        return tools.get(0);
    }

    /** An example value that satisfies a JSON schema's types and required properties. */
    private JsonNode example(JsonNode schema) {
        if (schema.has("enum") && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0);
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText("object");
        return switch (type) {
            case "string" -> nodes.textNode("example");
            case "integer" -> nodes.numberNode(1);
            case "number" -> nodes.numberNode(1.5);
            case "boolean" -> nodes.booleanNode(true);
            case "array" -> nodes.arrayNode().add(example(schema.path("items")));
            case "null" -> nodes.nullNode();
            default -> {
                ObjectNode object = nodes.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = it.next();
                    object.set(property.getKey(), example(property.getValue()));
                }
                yield object;
            }
        };
    }

    private ObjectNode toolCall(Answer answer, String argumentsPart, boolean first) {
        ObjectNode call = nodes.objectNode().put("index", 0);
        ObjectNode function = nodes.objectNode();
        if (first) {
            call.put("id", answer.toolCallId()).put("type", "function");
            function.put("name", answer.toolName());
        }
        function.put("arguments", argumentsPart);
        call.set("function", function);
        return call;
    }

    private ObjectNode toolDelta(ObjectNode toolCall) {
        return nodes.objectNode().set("tool_calls", nodes.arrayNode().add(toolCall));
    }

    private ObjectNode envelope(String id, String object, long created, String model) {
        return nodes.objectNode().put("id", id).put("object", object).put("created", created)
                .put("model", model).put("system_fingerprint", FINGERPRINT);
    }

    private byte[] chunk(String id, long created, String model, ObjectNode delta, String finishReason) {
        ObjectNode choice = nodes.objectNode().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        ObjectNode body = envelope(id, "chat.completion.chunk", created, model);
        body.set("choices", nodes.arrayNode().add(choice));
        return sse(bytes(body));
    }

    private ObjectNode usage(long prompt, long completion) {
        return nodes.objectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    private static byte[] sse(byte[] json) {
        byte[] event = new byte[json.length + 8];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, event, 0, 6);
        System.arraycopy(json, 0, event, 6, json.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        return event;
    }

    private static List<String> words(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                pieces.add(text.substring(start, i));
                start = i;
            }
        }
        return pieces;
    }

    /**
     * {@code prefix} and the message's text, cut to {@value #ECHO_CHARS} characters in all. Only
     * what is kept is copied: a prompt may be tens of megabytes.
     */
    private static String abbreviated(String prefix, JsonNode content) {
        StringBuilder said = new StringBuilder(prefix);
        for (JsonNode part : content.isTextual() ? List.of(content) : content) {
            String text = part.isTextual() ? part.asText() : part.path("text").asText("");
            int room = ECHO_CHARS + 1 - said.length();
            if (room <= 0) {
                break;
            }
            said.append(text, 0, Math.min(text.length(), room));
        }
        return said.length() <= ECHO_CHARS ? said.toString() : said.substring(0, ECHO_CHARS) + "...";
    }

    // About four characters per token, as OpenAI's own rule of thumb for English.
    private static long estimateTokens(long chars) {
        return Math.max(1, (chars + 3) / 4);
    }

    /** The length of {@code node} as JSON, counted as it is written rather than built as a string. */
    private long serializedLength(JsonNode node) {
        long[] length = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                length[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                length[0] += len;
            }
        };
        try {
            json.writeValue(counter, node);
        } catch (IOException e) {
            throw new IllegalStateException("a tree in memory always serialises", e);
        }
        return length[0];
    }

    private static float[] embed(String text, int dimensions) {
        SplittableRandom random = new SplittableRandom(text.hashCode());
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    private JsonNode read(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new GatewayException.InvalidRequest("The mock provider could not parse the request body.");
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Plays back prepared events, pausing between them the way a model emits tokens. */
    private record MockResponse(String contentType, List<byte[]> events, Duration delay) implements UpstreamResponse {
        @Override
        public int status() {
            return 200;
        }

        @Override
        public Optional<String> header(String name) {
            return "content-type".equalsIgnoreCase(name) ? Optional.of(contentType) : Optional.empty();
        }

        @Override
        public InputStream body() {
            return new EventPlayback(events, delay);
        }

        @Override
        public void close() {
            // Nothing is held open: the events live in memory.
        }
    }

    private static final class EventPlayback extends InputStream {
        private final Iterator<byte[]> events;
        private final Duration delay;
        private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);
        private boolean first = true;

        EventPlayback(List<byte[]> events, Duration delay) {
            this.events = events.iterator();
            this.delay = delay;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (current.available() == 0) {
                if (!events.hasNext()) {
                    return -1;
                }
                if (!first && !delay.isZero()) {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
                first = false;
                current = new ByteArrayInputStream(events.next());
            }
            return current.read(b, off, len);
        }
    }
}
