package dev.switchboard.http.openai;

import dev.switchboard.catalog.Pricing;
import dev.switchboard.error.GatewayException;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord.Outcome;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.concurrent.TimeoutException;

/**
 * Relays a complete (non-streamed) OpenAI-format answer: reads it, prices its usage, adds the cost
 * to the usage object and to the {@code x-switchboard-cost-usd} header, and writes it out.
 */
final class OpenAiCompletionRelay {
    static final String COST_HEADER = "x-switchboard-cost-usd";
    // A chat completion or a batch of embeddings; anything larger is not an answer we should hold in memory.
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private OpenAiCompletionRelay() {
    }

    record Result(Outcome outcome, TokenUsage usage, BigDecimal cost) {
    }

    /** Throws the upstream's own error, status and message kept, unless it answered 2xx. */
    static void requireSuccess(UpstreamResponse upstream) {
        if (upstream.status() >= 200 && upstream.status() < 300) {
            return;
        }
        byte[] body;
        try {
            body = upstream.body().readNBytes(MAX_RESPONSE_BYTES);
        } catch (IOException e) {
            body = new byte[0];
        }
        throw OpenAiErrors.fromUpstream(upstream.status(), body, upstream.header("retry-after"));
    }

    static Result relay(UpstreamResponse upstream, Context ctx, Pricing pricing) {
        byte[] body = readAll(upstream.body());
        OpenAiUsage.Found found = OpenAiUsage.scan(body);
        BigDecimal cost = null;
        if (found.usage() != null) {
            cost = pricing.costOf(found.usage()).orElse(null);
            if (cost != null) {
                body = OpenAiUsage.withCost(body, found, cost);
                ctx.header(COST_HEADER, cost.toPlainString());
            }
        }
        ctx.status(upstream.status()).contentType("application/json").result(body);
        return new Result(found.usage() == null ? Outcome.USAGE_MISSING : Outcome.COMPLETED, found.usage(), cost);
    }

    private static byte[] readAll(InputStream in) {
        try {
            byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (body.length > MAX_RESPONSE_BYTES) {
                throw new GatewayException.UpstreamUnavailable("The upstream's answer exceeds " + MAX_RESPONSE_BYTES + " bytes.");
            }
            return body;
        } catch (IOException e) {
            if (e.getCause() instanceof TimeoutException || e instanceof java.io.InterruptedIOException) {
                throw new GatewayException.UpstreamTimeout("The upstream did not finish its answer in time.");
            }
            throw new GatewayException.UpstreamUnavailable("The upstream connection failed while reading the answer: " + e.getClass().getSimpleName());
        }
    }
}
