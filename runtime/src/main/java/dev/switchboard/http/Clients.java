package dev.switchboard.http;

import io.javalin.http.Context;

/**
 * Which client dialect a request speaks, for the answers that are not chat (errors, model lists)
 * and so cannot tell from the endpoint alone.
 */
public final class Clients {
    private static final String ANTHROPIC_PATHS = "/v1/messages";

    private Clients() {
    }

    /** True for Anthropic's own paths, and for any request with {@code anthropic-version}, which every Anthropic SDK sends. */
    public static boolean speaksAnthropic(Context ctx) {
        return speaksAnthropic(ctx.path(), ctx.header("anthropic-version"));
    }

    /** As {@link #speaksAnthropic(Context)}, from the path and the {@code anthropic-version} header (null when absent). */
    public static boolean speaksAnthropic(String path, String anthropicVersion) {
        return path.startsWith(ANTHROPIC_PATHS) || anthropicVersion != null;
    }
}
