package dev.switchboard.http;

import dev.switchboard.dialect.anthropic.AnthropicErrors;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.openai.OpenAiErrors;
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
        if (error instanceof GatewayException.UpstreamRejected rejected) {
            rejected.retryAfter().ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
        }
    }

    /** A generic 500 for the gateway's own bugs: the client learns only the request id to quote. */
    public static void renderInternal(Context ctx) {
        String id = RequestContext.of(ctx).id();
        byte[] body = Clients.speaksAnthropic(ctx) ? AnthropicErrors.internalError(id) : OpenAiErrors.internalError(id);
        ctx.status(500).contentType("application/json").result(body);
    }
}
