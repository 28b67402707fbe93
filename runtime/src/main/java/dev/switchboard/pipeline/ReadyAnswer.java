package dev.switchboard.pipeline;

import dev.switchboard.chat.ChatResult;
import dev.switchboard.chat.StopReason;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.relay.StreamDecoding;
import dev.switchboard.reliability.Answer;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.usage.TokenUsage;
import java.math.BigDecimal;

/**
 * An upstream's answer ready to deliver, in one of two forms. Neutral: a whole {@link ChatResult},
 * or an event stream read as neutral events, which any receiver can take (a client of any wire
 * format, an in-process caller). Verbatim: the upstream spoke the client's own wire format, so the
 * answer is kept as its bytes, to reach the client byte for byte (only its usage priced), the
 * gateway's fast path; or {@link Local}, made by the gateway itself. A {@link Delivery} switches over them.
 */
public sealed interface ReadyAnswer extends Answer {

    /** A stream's refusal only shows inside it, after the point where failover is still possible. */
    @Override
    default boolean refused() {
        return false;
    }

    /** Known only once a stream has ended (whole answers say). */
    @Override
    default TokenUsage usage() {
        return null;
    }

    /** A whole answer in no vendor's format, priced; nothing is left open upstream. */
    record Neutral(ChatResult result, BigDecimal cost) implements ReadyAnswer {
        @Override
        public boolean refused() {
            return result.stopReason() == StopReason.CONTENT_FILTER;
        }

        @Override
        public TokenUsage usage() {
            return result.usage();
        }

        @Override
        public void close() {
            // The upstream's body was read in full when the answer was made.
        }
    }

    /** A stream whose first token has arrived, to be read as neutral events as it goes on. */
    final class NeutralStream implements ReadyAnswer {
        private final UpstreamResponse upstream;
        private final SseEventReader events;
        private final UpstreamDialect dialect;
        private final Deployment deployment;

        /** @param events positioned at the stream's start, its first token known to have arrived */
        public NeutralStream(UpstreamResponse upstream, SseEventReader events, UpstreamDialect dialect, Deployment deployment) {
            this.upstream = upstream;
            this.events = events;
            this.dialect = dialect;
            this.deployment = deployment;
        }

        /** Reads the rest of the stream into {@code receiver}; see {@link StreamDecoding#read}. */
        public Relayed read(StreamDecoding.Receiver receiver) {
            return StreamDecoding.read(events, dialect, deployment, receiver);
        }

        /** Closing before the end aborts the upstream's generation. */
        @Override
        public void close() {
            upstream.close();
        }
    }

    /**
     * A whole answer in the client's own wire format, as the upstream sent it but for its usage,
     * which carries the cost.
     *
     * @param status  the upstream's 2xx, sent on
     * @param usage   the tokens it consumed, or null when the upstream reported none
     * @param cost    their cost, or null when unknown
     * @param refused whether the vendor's safety system refused the request
     */
    record Verbatim(int status, byte[] body, TokenUsage usage, BigDecimal cost, boolean refused) implements ReadyAnswer {
        @Override
        public void close() {
            // The upstream's body was read in full when the answer was made.
        }
    }

    /**
     * A whole answer in the client's wire format that the gateway made itself, calling no upstream
     * (a token count estimated locally).
     */
    record Local(byte[] body) implements ReadyAnswer {
        @Override
        public boolean local() {
            return true;
        }

        @Override
        public void close() {
            // Nothing was opened upstream.
        }
    }

    /** A stream in the client's own wire format, whose first token has arrived, relayed event by event. */
    final class VerbatimStream implements ReadyAnswer {
        /** Copies the upstream's events onto the client's stream, pricing the usage on the way. */
        @FunctionalInterface
        public interface Relay {
            /** @throws dev.switchboard.relay.ReceiverGone when the client disconnects */
            Relayed onto(ClientStream client);
        }

        private final UpstreamResponse upstream;
        private final Relay relay;

        public VerbatimStream(UpstreamResponse upstream, Relay relay) {
            this.upstream = upstream;
            this.relay = relay;
        }

        public Relayed relayOnto(ClientStream client) {
            return relay.onto(client);
        }

        /** Closing before the end aborts the upstream's generation. */
        @Override
        public void close() {
            upstream.close();
        }
    }
}
