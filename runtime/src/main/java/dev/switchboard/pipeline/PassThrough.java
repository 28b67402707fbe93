package dev.switchboard.pipeline;

import dev.switchboard.catalog.Pricing;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.dialect.WholeAnswer;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.FirstToken;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.relay.UpstreamBodies;
import java.util.function.Function;

/**
 * The call to an upstream that speaks the client's own wire format, the gateway's fast path: the
 * client's bytes go up with only the model rewritten, and the answer comes back ready to relay
 * as it was sent — whole, read and priced; or a stream up to its first token, after which
 * failover is no longer possible. Only the reading of a whole answer and the relay of a stream
 * differ between formats; the rest is this skeleton, shared by chat and embeddings.
 */
public final class PassThrough {
    private PassThrough() {
    }

    /** Reads a whole answer of the upstream's format. */
    @FunctionalInterface
    public interface WholeReader {
        WholeAnswer read(byte[] body, Pricing pricing);
    }

    /** Relays a stream of the upstream's format onto the client. */
    @FunctionalInterface
    public interface StreamRelay {
        Relayed relay(SseEventReader events, ClientStream client, Pricing pricing);
    }

    /**
     * Sends {@code call} and gets its answer ready.
     *
     * @param send    the provider's endpoint for the call (chat, embeddings)
     * @param format  the upstream's dialect: its errors, and its stream events up to the first token
     * @param relay   relays a stream once the client takes it; null for calls that never stream
     * @throws dev.switchboard.error.GatewayException when the upstream fails or refuses before answering
     */
    public static ReadyAnswer call(UpstreamCall call, Function<UpstreamCall, UpstreamResponse> send, UpstreamDialect format,
                            Pricing pricing, WholeReader whole, StreamRelay relay) {
        UpstreamResponse upstream = send.apply(call);
        try {
            if (upstream.status() < 200 || upstream.status() >= 300) {
                throw format.decodeError(upstream.status(), UpstreamBodies.readError(upstream.body()), upstream.header("retry-after"));
            }
            if (call.streaming() && relay != null && isEventStream(upstream)) {
                SseEventReader events = FirstToken.await(upstream.body(), format);
                return new ReadyAnswer.VerbatimStream(upstream, client -> relay.relay(events, client, pricing));
            }
            WholeAnswer answer = whole.read(UpstreamBodies.readAll(upstream.body()), pricing);
            upstream.close();
            return new ReadyAnswer.Verbatim(upstream.status(), answer.body(), answer.usage(), answer.cost(), answer.refused());
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    // A vendor may answer a stream request with a whole JSON answer (an error page, a cached reply): it is read whole.
    private static boolean isEventStream(UpstreamResponse upstream) {
        return upstream.header("content-type").map(t -> t.startsWith("text/event-stream")).orElse(false);
    }
}
