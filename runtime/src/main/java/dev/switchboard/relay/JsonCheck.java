package dev.switchboard.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.switchboard.json.StrictJson;
import java.io.IOException;

/**
 * Checks that an event relayed as it is holds one well-formed JSON value, by running the
 * tokenizer over it without building anything: a pass-through stream must not hand the client a
 * chunk its SDK cannot parse. "One" as {@link StrictJson} means it: nothing after the value.
 */
public final class JsonCheck {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonCheck() {
    }

    public static boolean wellFormed(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return StrictJson.atEnd(p);
        } catch (IOException e) {
            return false;
        }
    }
}
