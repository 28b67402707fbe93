package dev.switchboard.http.anthropic;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Anthropic protocol headers a client sends that an Anthropic upstream must see too. */
final class AnthropicHeaders {
    private static final String[] FORWARDED = {"anthropic-version", "anthropic-beta"};

    private AnthropicHeaders() {
    }

    static Map<String, String> forwarded(Context ctx) {
        Map<String, String> headers = new HashMap<>(2);
        for (String name : FORWARDED) {
            // A header sent on several lines means the same as one comma-separated line (RFC 9110 5.3).
            List<String> values = Collections.list(ctx.req().getHeaders(name));
            if (!values.isEmpty()) {
                headers.put(name, String.join(",", values));
            }
        }
        return headers;
    }
}
