package dev.switchboard.http;

import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.Transcript;
import dev.switchboard.usage.TokenUsage;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;

/**
 * A whole (non-streamed) answer, read, checked and priced, in the client's format: nothing is left
 * open upstream, so dropping it costs nothing.
 *
 * @param status  the status to send (the upstream's 2xx)
 * @param body    the client's JSON, cost already added to its usage
 * @param usage   the tokens it consumed, or null when the upstream reported none
 * @param cost    their cost, or null when unknown
 * @param refused whether the vendor's safety system refused the request
 */
public record CompleteAnswer(int status, byte[] body, TokenUsage usage, BigDecimal cost, boolean refused) implements ReadyAnswer {

    /**
     * Sends the answer and completes the response now, not when the handler returns: the client
     * has its answer before the gateway settles the budget and records usage, which then cost it
     * nothing in latency.
     */
    @Override
    public Relayed relay(Context ctx, Transcript transcript) {
        GatewayHeaders.cost(ctx, cost);
        HttpServletResponse response = ctx.res();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        } catch (IOException e) {
            // The client left after the answer was made (and paid for) upstream: nothing to undo, and it is still recorded.
        }
        transcript.append(body);
        return Relayed.finished(usage, cost);
    }

    @Override
    public void close() {
        // The upstream's body was read in full and its connection returned when the answer was made.
    }
}
