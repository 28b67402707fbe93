package dev.switchboard.relay;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.error.GatewayException;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord.Outcome;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads an upstream's event stream as neutral {@link ChatEvent}s, one upstream event at a time, so
 * whoever receives them (a client of another wire format, an in-process caller) still gets the
 * answer as it is generated. It prices the usage as it is reported, names the answer after the
 * deployment's model when the upstream does not, and tells a complete stream (the upstream's end
 * marker, {@link ChatEvent.Ended}) from one that broke off, which is never passed off as complete.
 */
public final class StreamDecoding {
    private StreamDecoding() {
    }

    /** Where the decoded events go. */
    public interface Receiver {
        /**
         * One event of the answer.
         *
         * @param cost the cost of the usage reported so far; null before usage arrived or when unknown
         * @throws ReceiverGone when the receiver has gone
         */
        void event(ChatEvent event, BigDecimal cost);

        /**
         * The stream broke off, or the upstream reported an error inside it, after the answer had
         * begun: no event follows.
         */
        void broken(GatewayException error);
    }

    /**
     * Decodes the stream to its end (or its break) into {@code receiver}.
     *
     * @param deployment what was called: its prices cost the answer, its model names it when the upstream does not
     * @throws ReceiverGone when the receiver went away; the caller aborts the upstream
     */
    public static Relayed read(SseEventReader reader, UpstreamDialect from, Deployment deployment, Receiver receiver) {
        StreamDecoder decoder = from.newStreamDecoder();
        TokenUsage usage = null;
        BigDecimal cost = null;
        try {
            SseEventReader.Event event;
            while ((event = reader.next()) != null) {
                for (ChatEvent decoded : decoder.decode(event)) {
                    if (decoded instanceof ChatEvent.Started started) {
                        decoded = started.namedOr(deployment.upstreamModel());
                    } else if (decoded instanceof ChatEvent.Usage reported) {
                        usage = reported.usage();
                        cost = deployment.pricing().costOf(usage).orElse(null);
                    }
                    receiver.event(decoded, cost);
                    if (decoded instanceof ChatEvent.Ended) {
                        return Relayed.finished(usage, cost);
                    }
                }
            }
            receiver.broken(new GatewayException.UpstreamUnavailable("The upstream stream ended before the answer was complete."));
        } catch (GatewayException inStream) {
            // An error event of the upstream's, or an event its decoder cannot read (not JSON).
            receiver.broken(inStream);
        } catch (IOException e) {
            receiver.broken(new GatewayException.UpstreamUnavailable("The upstream stream broke off: " + e.getClass().getSimpleName()));
        }
        return new Relayed(Outcome.STREAM_CUT, usage, cost);
    }
}
