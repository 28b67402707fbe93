package dev.switchboard.http;

import dev.switchboard.dialect.anthropic.AnthropicErrors;
import dev.switchboard.error.GatewayException;
import dev.switchboard.dialect.openai.OpenAiErrors;
import io.javalin.http.Context;

/**
 * The one place a failure becomes an HTTP error response. The shape follows the client's dialect:
 * Anthropic's for {@code /v1/messages} and for any request carrying {@code anthropic-version}
 * (which every Anthropic SDK and coding agent sends), OpenAI's everywhere else.
 */
public final class ErrorRendering {
    private ErrorRendering() {
    }

    public static void render(GatewayException error, Context ctx) {
        byte[] body = Clients.speaksAnthropic(ctx) ? AnthropicErrors.body(error) : OpenAiErrors.body(error);
        ctx.status(error.status()).contentType("application/json").result(body);
        switch (error) {
            case GatewayException.UpstreamRejected rejected -> rejected.retryAfter().ifPresent(d -> retryAfter(ctx, d));
            case GatewayException.Unavailable unavailable -> unavailable.retryAfter().ifPresent(d -> retryAfter(ctx, d));
            case GatewayException.RateLimited limited -> {
                retryAfter(ctx, limited.retryAfter());
                limited.headers().forEach(ctx::header);
            }
            default -> {
            }
        }
    }

    private static void retryAfter(Context ctx, java.time.Duration wait) {
        // Whole seconds, rounded up: a client that waits the header's time must find room.
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ctx.header("Retry-After", Long.toString(seconds));
    }

    /** A generic 500 for the gateway's own bugs: the client learns only the request id to quote. */
    public static void renderInternal(Context ctx) {
        String id = Requests.of(ctx).id();
        byte[] body = Clients.speaksAnthropic(ctx) ? AnthropicErrors.internalError(id) : OpenAiErrors.internalError(id);
        ctx.status(500).contentType("application/json").result(body);
    }
}
