package dev.switchboard.http.anthropic;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** The Anthropic protocol headers a client sends that an Anthropic upstream must see too. */
final class AnthropicHeaders {
    private static final String[] FORWARDED = {"anthropic-version", "anthropic-beta"};

    private AnthropicHeaders() {
    }

    static Map<String, String> forwarded(Context ctx) {
        Map<String, String> headers = new HashMap<>(2);
        for (String name : FORWARDED) {
            String value = ctx.header(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }
}
