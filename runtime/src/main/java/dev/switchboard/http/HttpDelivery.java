package dev.switchboard.http;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.pipeline.Delivery;
import dev.switchboard.pipeline.ReadyAnswer;
import dev.switchboard.relay.ReceiverGone;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.Transcript;
import dev.switchboard.relay.TranslatingRelay;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord.Outcome;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Delivery to an HTTP client in its own wire format: a verbatim answer as its bytes, a neutral
 * one encoded by the client's dialect; whole answers with a {@code Content-Length} and their cost
 * in a header, streams event by event. The pipeline's headers are set on the response as they
 * come, so they travel with the answer or with an error.
 */
public final class HttpDelivery implements Delivery {
    private final Context ctx;
    private final ClientDialect client;
    private final Supplier<ChatRequest> request;

    /** Delivery of answers that are never translated streams (embeddings, token counts). */
    public HttpDelivery(Context ctx, ClientDialect client) {
        this(ctx, client, () -> {
            throw new IllegalStateException("a call answered only whole has no stream to translate");
        });
    }

    /** @param request the client's request in neutral form, which shapes a translated stream (e.g. whether it asked for usage) */
    public HttpDelivery(Context ctx, ClientDialect client, Supplier<ChatRequest> request) {
        this.ctx = ctx;
        this.client = client;
        this.request = request;
    }

    @Override
    public void show(Map<String, String> headers) {
        headers.forEach(ctx::header);
    }

    @Override
    public Relayed deliver(ReadyAnswer answer, Transcript transcript) {
        try (answer) {
            return switch (answer) {
                case ReadyAnswer.Verbatim whole -> whole(whole.status(), whole.body(), whole.usage(), whole.cost(), transcript);
                case ReadyAnswer.Local local -> whole(200, local.body(), TokenUsage.NONE, BigDecimal.ZERO, transcript);
                case ReadyAnswer.Neutral whole ->
                        whole(200, client.encodeResponse(whole.result(), whole.cost()), whole.usage(), whole.cost(), transcript);
                case ReadyAnswer.VerbatimStream stream -> stream.relayOnto(ServletClientStream.open(ctx.res(), transcript));
                case ReadyAnswer.NeutralStream stream ->
                        stream.read(new TranslatingRelay(client, request.get(), ServletClientStream.open(ctx.res(), transcript)));
            };
        } catch (ReceiverGone gone) {
            // Closing the answer (try-with-resources) aborts generation upstream.
            return Relayed.CLIENT_DISCONNECTED;
        }
    }

    /**
     * Sends a whole answer and completes the response now, not when the handler returns: the
     * client has its answer before the gateway settles the budget and records usage, which then
     * cost it nothing in latency. A client that left before its answer was written went away: the
     * answer's usage and cost still count, since the upstream made (and billed) it.
     */
    private Relayed whole(int status, byte[] body, TokenUsage usage, BigDecimal cost, Transcript transcript) {
        GatewayHeaders.cost(ctx, cost);
        HttpServletResponse response = ctx.res();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        } catch (IOException e) {
            return new Relayed(Outcome.CLIENT_DISCONNECTED, usage, cost);
        }
        transcript.append(body);
        return Relayed.finished(usage, cost);
    }
}
