package dev.switchboard.dialect.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.StrictJson;
import dev.switchboard.relay.Bytes;
import dev.switchboard.usage.CostField;
import dev.switchboard.usage.TokenUsage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code usage} object of an OpenAI-format completion or stream chunk, and writes the
 * gateway's cost into it. The walk skips everything but {@code usage} and {@code choices}, and the
 * cost is spliced in before the usage object's closing brace, so the rest of the upstream's bytes
 * reach the client unchanged.
 *
 * <p>OpenAI-compatible vendors name cache counters differently; all of the known spellings are
 * folded into one {@link TokenUsage}.
 */
public final class OpenAiUsage {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] USAGE_KEY = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * What one JSON document says about usage.
     *
     * @param usage        the tokens, or null when the document has no (non-null) usage object
     * @param usageEnd     offset of the usage object's closing brace, where the cost goes
     * @param usageEmpty   true when the usage object has no fields (so no comma before the cost)
     * @param choicesEmpty true when the document has an empty {@code choices} array: a usage-only stream chunk
     */
    public record Found(TokenUsage usage, int usageEnd, boolean usageEmpty, boolean choicesEmpty) {
        /** What {@link #scan} finds in bytes that are not a JSON object. */
        public static final Found NOT_JSON = new Found(null, -1, true, false);

    }

    private OpenAiUsage() {
    }

    /** A cheap pre-check: most stream chunks carry no usage and need no parse at all. */
    public static boolean mayContainUsage(byte[] json) {
        return Bytes.contains(json, USAGE_KEY);
    }

    /**
     * Scans a JSON object; returns a {@link Found} whose usage is null when none is present,
     * {@link Found#NOT_JSON} when the bytes are not exactly one JSON object.
     */
    public static Found scan(byte[] json) {
        TokenUsage usage = null;
        int usageEnd = -1;
        boolean usageEmpty = true;
        boolean choicesEmpty = false;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Found.NOT_JSON;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("usage") && value == JsonToken.START_OBJECT) {
                    Counters counters = new Counters();
                    usageEmpty = !counters.read(p);
                    usageEnd = (int) p.currentTokenLocation().getByteOffset();
                    usage = counters.toUsage();
                } else if (field.equals("choices") && value == JsonToken.START_ARRAY) {
                    choicesEmpty = p.nextToken() == JsonToken.END_ARRAY;
                    if (!choicesEmpty) {
                        p.skipChildren();
                        skipRestOfArray(p);
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!StrictJson.atEnd(p)) {
                return Found.NOT_JSON;
            }
        } catch (IOException e) {
            return Found.NOT_JSON;
        }
        return new Found(usage, usageEnd, usageEmpty, choicesEmpty);
    }

    /**
     * Reads an already parsed {@code usage} object, for callers that hold the document as a tree
     * (the protocol-translating dialect). Same spellings and clamping as {@link #scan}.
     *
     * @return the tokens, or null when {@code usage} is not an object
     */
    public static TokenUsage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        try (JsonParser p = usage.traverse()) {
            p.nextToken();
            Counters counters = new Counters();
            counters.read(p);
            return counters.toUsage();
        } catch (IOException e) {
            // A tree in memory cannot fail to read.
            throw new IllegalStateException(e);
        }
    }

    /** A copy of {@code json} with {@code "cost_usd": cost} added to the usage object {@code found} points at. */
    public static byte[] withCost(byte[] json, Found found, BigDecimal cost) {
        return CostField.insert(json, found.usageEnd(), found.usageEmpty(), cost);
    }

    private static void skipRestOfArray(JsonParser p) throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
        }
    }

    /** Every counter spelling seen across OpenAI-compatible vendors. */
    private static final class Counters {
        long prompt;
        long completion;
        long cached;
        long cacheWrite;
        long reasoning;

        /** Reads the usage object's fields; returns false when it has none. */
        boolean read(JsonParser p) throws IOException {
            boolean any = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                any = true;
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "prompt_tokens" -> prompt = number(p);
                    case "completion_tokens" -> completion = number(p);
                    // DeepSeek and Moonshot report cache hits at the top of usage.
                    case "prompt_cache_hit_tokens", "cached_tokens" -> cached = Math.max(cached, number(p));
                    case "cache_creation_input_tokens" -> cacheWrite = Math.max(cacheWrite, number(p));
                    case "prompt_tokens_details" -> details(p, value);
                    case "completion_tokens_details" -> details(p, value);
                    default -> p.skipChildren();
                }
            }
            return any;
        }

        private void details(JsonParser p, JsonToken value) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "cached_tokens" -> cached = Math.max(cached, number(p));
                    case "cache_write_tokens", "cache_creation_tokens" -> cacheWrite = Math.max(cacheWrite, number(p));
                    case "reasoning_tokens" -> reasoning = number(p);
                    default -> p.skipChildren();
                }
            }
        }

        private static long number(JsonParser p) throws IOException {
            return p.currentToken().isNumeric() ? Math.max(0, p.getValueAsLong()) : 0;
        }

        // Vendors' counters are not always consistent with each other; clamp rather than fail a paid answer.
        TokenUsage toUsage() {
            long cacheRead = Math.min(cached, prompt);
            long written = Math.min(cacheWrite, prompt - cacheRead);
            return new TokenUsage(prompt, cacheRead, written, completion, Math.min(reasoning, completion));
        }
    }
}
