package dev.switchboard.relay;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.dialect.StreamEncoder;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.error.GatewayException;
import dev.switchboard.route.Deployment;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord.Outcome;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Relays a stream whose upstream speaks another wire format than the client: each upstream event
 * is decoded into neutral {@link ChatEvent}s and encoded into the client's format at once, so a
 * translated stream is still relayed event by event. A stream that ends without the upstream's
 * end marker, or with an error inside it, is closed with an error in the client's format, never
 * with a normal end. A start that names no model is named after the deployment's.
 */
public final class TranslatingRelay {
    private TranslatingRelay() {
    }

    /**
     * Translates a stream event by event onto {@code client}, which must already be open.
     *
     * @param deployment what was called: its prices cost the answer, its model names it when the upstream does not
     * @throws ClientStream.ClientGone when the client disconnects; the caller aborts the upstream
     */
    public static Relayed stream(SseEventReader reader, UpstreamDialect from, ClientDialect to, ChatRequest request,
                                 ClientStream client, Deployment deployment) {
        StreamDecoder decoder = from.newStreamDecoder();
        StreamEncoder encoder = to.newStreamEncoder(request);
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
                    for (byte[] out : encoder.encode(decoded, cost)) {
                        client.send(out);
                    }
                    if (decoded instanceof ChatEvent.Ended) {
                        return Relayed.finished(usage, cost);
                    }
                }
            }
            fail(client, encoder, new GatewayException.UpstreamUnavailable("The upstream stream ended before the answer was complete."));
        } catch (GatewayException inStream) {
            // An error event of the upstream's, or an event its decoder cannot read (not JSON).
            fail(client, encoder, inStream);
        } catch (IOException e) {
            fail(client, encoder, new GatewayException.UpstreamUnavailable("The upstream stream broke off: " + e.getClass().getSimpleName()));
        }
        return new Relayed(Outcome.STREAM_CUT, usage, cost);
    }

    private static void fail(ClientStream client, StreamEncoder encoder, GatewayException error) {
        for (byte[] out : encoder.error(error)) {
            client.send(out);
        }
    }
}
