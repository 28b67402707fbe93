package dev.switchboard.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;

/**
 * The gateway's one way of reading bytes that must hold exactly one JSON value: an upstream's
 * stream event or whole answer, a tool call's arguments, a request body, the config file. Readers
 * that want a tree call {@link #readTree}; scanners that walk the tokens themselves (to splice
 * bytes, to skip what they do not need, or to note the line of each YAML value) end their walk
 * with {@link #atEnd}.
 *
 * <p>Jackson reads the first value of its input and stops there unless told otherwise. Two stream
 * events merged into one data payload — {@code {"a":1}\n{"b":2}}, say, after a proxy lost the
 * blank line between them — would read as the first event alone, the second dropped without a
 * word. Here anything but whitespace after the value is an error instead. This is Jackson's
 * {@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS} written out by hand, for two reasons:
 * the same rule then also covers token scans, which that feature does not reach, and the error
 * says what is wrong in words a client can be shown rather than naming the feature.
 */
public final class StrictJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StrictJson() {
    }

    /**
     * @return the one value {@code json} holds; a missing node when it holds nothing but whitespace
     * @throws IOException when it is not JSON, or holds anything after its first value
     */
    public static JsonNode readTree(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            return readOne(p);
        }
    }

    /** As {@link #readTree(byte[])}, for JSON held in a string (a tool call's arguments, a line of a file). */
    public static JsonNode readTree(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            return readOne(p);
        }
    }

    /**
     * Whether a parser that has just read one whole value (its last token the value's end) is at
     * the end of its input. Moves the parser on by one token.
     */
    public static boolean atEnd(JsonParser p) throws IOException {
        return p.nextToken() == null;
    }

    private static JsonNode readOne(JsonParser p) throws IOException {
        if (p.nextToken() == null) {
            return MissingNode.getInstance();
        }
        JsonNode value = JSON.readTree(p);
        if (!atEnd(p)) {
            throw new JsonParseException(p, "Unexpected content after the JSON value", p.currentTokenLocation());
        }
        return value;
    }
}
