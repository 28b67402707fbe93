package dev.switchboard.http.openai;

import dev.switchboard.catalog.Pricing;
import dev.switchboard.http.GatewayHeaders;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.UpstreamBodies;
import io.javalin.http.Context;
import java.math.BigDecimal;

/**
 * Relays a complete (non-streamed) OpenAI-format answer: reads it, prices its usage, adds the cost
 * to the usage object and to the {@code x-switchboard-cost-usd} header, and writes it out.
 */
final class OpenAiCompletionRelay {
    private OpenAiCompletionRelay() {
    }

    /** Throws the upstream's own error, status and message kept, unless it answered 2xx. */
    static void requireSuccess(UpstreamResponse upstream) {
        if (upstream.status() >= 200 && upstream.status() < 300) {
            return;
        }
        throw OpenAiErrors.fromUpstream(upstream.status(), UpstreamBodies.readError(upstream.body()), upstream.header("retry-after"));
    }

    static Relayed relay(UpstreamResponse upstream, Context ctx, Pricing pricing) {
        byte[] body = UpstreamBodies.readAll(upstream.body());
        OpenAiUsage.Found found = OpenAiUsage.scan(body);
        BigDecimal cost = null;
        if (found.usage() != null) {
            cost = pricing.costOf(found.usage()).orElse(null);
            if (cost != null) {
                body = OpenAiUsage.withCost(body, found, cost);
                GatewayHeaders.cost(ctx, cost);
            }
        }
        ctx.status(upstream.status()).contentType("application/json").result(body);
        return Relayed.finished(found.usage(), cost);
    }
}
