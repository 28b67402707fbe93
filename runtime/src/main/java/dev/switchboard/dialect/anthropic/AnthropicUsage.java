package dev.switchboard.dialect.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.json.StrictJson;
import dev.switchboard.usage.CostField;
import dev.switchboard.usage.TokenUsage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Anthropic's {@code usage} object and the gateway's {@link TokenUsage}, both ways. Anthropic's
 * {@code input_tokens} counts only the prompt tokens that were neither read from nor written to
 * the prompt cache; {@link TokenUsage#inputTokens()} counts all of them, so the two cache counters
 * are added on the way in and subtracted on the way out.
 *
 * <p>The public part serves answers relayed to an Anthropic client as the upstream sent them:
 * {@link #scan} reads a message body's usage and where its object ends, {@link #withCost} splices
 * the gateway's {@code cost_usd} in there, and a {@link StreamUsage} does the same for a stream,
 * whose usage is split between {@code message_start} (input) and {@code message_delta}
 * (cumulative output, and on newer API versions cumulative input too).
 */
public final class AnthropicUsage {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one JSON document says about usage.
     *
     * @param usage      the tokens, or null when the document has no usage object
     * @param usageEnd   offset of the usage object's closing brace, where the cost goes
     * @param usageEmpty true when the usage object has no fields (so no comma before the cost)
     */
    public record Found(TokenUsage usage, int usageEnd, boolean usageEmpty) {
        static final Found NONE = new Found(null, -1, true);
        /** What {@link #scan} finds in bytes that are not a JSON object. */
        public static final Found NOT_JSON = new Found(null, -1, true);
    }

    private AnthropicUsage() {
    }

    /**
     * Scans a Messages API message for its top-level {@code usage}; a {@link Found} with null usage
     * when there is none, {@link Found#NOT_JSON} for bytes that are not exactly one JSON object. The
     * scan goes on past the usage to the end, although Anthropic writes it last, because the
     * message is relayed as it is: a client must not be handed what it cannot parse.
     */
    public static Found scan(byte[] message) {
        try (JsonParser p = JSON.createParser(message)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Found.NOT_JSON;
            }
            Found found = Found.NONE;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() == JsonToken.START_OBJECT && field.equals("usage") && found == Found.NONE) {
                    found = readUsageObject(p, new Counters());
                } else {
                    p.skipChildren();
                }
            }
            return StrictJson.atEnd(p) ? found : Found.NOT_JSON;
        } catch (IOException notJson) {
            return Found.NOT_JSON;
        }
    }

    /** A copy of {@code json} with {@code "cost_usd": cost} added to the usage object {@code found} points at. */
    public static byte[] withCost(byte[] json, Found found, BigDecimal cost) {
        return CostField.insert(json, found.usageEnd(), found.usageEmpty(), cost);
    }

    /**
     * Follows the usage of one relayed Anthropic stream. Feed it the data of every event, in order;
     * only {@code message_start} and {@code message_delta} are parsed beyond their {@code type}, so
     * an event's data must already be known to hold exactly one JSON value (the relay checks every
     * event with {@link dev.switchboard.relay.JsonCheck} first). Not thread-safe: one per stream.
     */
    public static final class StreamUsage {
        private static final byte[] MESSAGE_DELTA_EVENT = "event: message_delta\ndata: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

        private final Counters counters = new Counters();
        private boolean seen;

        /**
         * Reads one event's data.
         *
         * @return for a {@code message_delta} that carries usage, where to splice the cost into this
         *         data, with the stream's usage so far (the final usage, since {@code message_delta}
         *         comes last); null for every other event
         */
        public Found accept(byte[] data) {
            if (data == null) {
                return null;
            }
            try (JsonParser p = JSON.createParser(data)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("type")) {
                        // Anthropic puts the type first: most events (deltas, pings) end the parse here.
                        String type = p.getValueAsString("");
                        if (!type.equals("message_start") && !type.equals("message_delta")) {
                            return null;
                        }
                    } else if (field.equals("message") && value == JsonToken.START_OBJECT) {
                        JsonNode message = p.readValueAsTree();
                        JsonNode usage = message.path("usage");
                        if (usage.isObject()) {
                            counters.read(usage);
                            seen = true;
                        }
                    } else if (field.equals("usage") && value == JsonToken.START_OBJECT) {
                        seen = true;
                        return readUsageObject(p, counters);
                    } else {
                        p.skipChildren();
                    }
                }
                return null;
            } catch (IOException notJson) {
                // Relayed as it is; its usage, if any, is lost rather than the stream.
                return null;
            }
        }

        /** The stream's usage so far; null before any event carried usage. */
        public TokenUsage usage() {
            return seen ? counters.toUsage() : null;
        }

        /** The complete {@code message_delta} event for {@code data} with {@code cost_usd} spliced into its usage. */
        public static byte[] pricedEvent(byte[] data, Found found, BigDecimal cost) {
            byte[] json = withCost(data, found, cost);
            byte[] event = new byte[MESSAGE_DELTA_EVENT.length + json.length + END.length];
            System.arraycopy(MESSAGE_DELTA_EVENT, 0, event, 0, MESSAGE_DELTA_EVENT.length);
            System.arraycopy(json, 0, event, MESSAGE_DELTA_EVENT.length, json.length);
            System.arraycopy(END, 0, event, MESSAGE_DELTA_EVENT.length + json.length, END.length);
            return event;
        }
    }

    /** Reads the usage object the parser has just entered into {@code counters}, leaving the parser on its closing brace. */
    private static Found readUsageObject(JsonParser p, Counters counters) throws IOException {
        JsonNode usage = p.readValueAsTree();
        counters.read(usage);
        return new Found(counters.toUsage(), (int) p.currentTokenLocation().getByteOffset(), usage.isEmpty());
    }

    /** Converts a usage object in Anthropic's convention. */
    static TokenUsage fromTree(JsonNode usage) {
        Counters counters = new Counters();
        counters.read(usage);
        return counters.toUsage();
    }

    /** Writes the fields of a usage object in Anthropic's convention, plus {@code cost_usd} when known. */
    static void write(JsonGenerator g, TokenUsage usage, BigDecimal cost) throws IOException {
        TokenUsage u = usage == null ? TokenUsage.NONE : usage;
        g.writeNumberField("input_tokens", u.uncachedInputTokens());
        g.writeNumberField("cache_creation_input_tokens", u.cacheWriteTokens());
        g.writeNumberField("cache_read_input_tokens", u.cacheReadTokens());
        g.writeNumberField("output_tokens", u.outputTokens());
        if (cost != null) {
            g.writeNumberField(CostField.NAME, cost);
        }
    }

    /**
     * Anthropic's four counters. {@link #read} overwrites only the counters a usage object has, which
     * is how a stream's {@code message_delta} (often output only) updates {@code message_start}'s.
     */
    static final class Counters {
        private long input;
        private long cacheWrite;
        private long cacheRead;
        private long output;

        void read(JsonNode usage) {
            input = number(usage.get("input_tokens"), input);
            cacheWrite = number(usage.get("cache_creation_input_tokens"), cacheWrite);
            cacheRead = number(usage.get("cache_read_input_tokens"), cacheRead);
            output = number(usage.get("output_tokens"), output);
        }

        TokenUsage toUsage() {
            // Anthropic reports thinking tokens inside output_tokens without a separate count.
            return new TokenUsage(input + cacheRead + cacheWrite, cacheRead, cacheWrite, output, 0);
        }

        // A null counter (Anthropic sends "cache_creation_input_tokens": null on some models) keeps the old value.
        private static long number(JsonNode value, long previous) {
            return value != null && value.isNumber() ? Math.max(0, value.asLong()) : previous;
        }
    }
}
