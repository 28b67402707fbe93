package dev.switchboard.http;

import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.Transcript;
import dev.switchboard.usage.TokenUsage;
import io.javalin.http.Context;
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

    @Override
    public Relayed relay(Context ctx, Transcript transcript) {
        GatewayHeaders.cost(ctx, cost);
        ctx.status(status).contentType("application/json").result(body);
        transcript.append(body);
        return Relayed.finished(usage, cost);
    }

    @Override
    public void close() {
        // The upstream's body was read in full and its connection returned when the answer was made.
    }
}
