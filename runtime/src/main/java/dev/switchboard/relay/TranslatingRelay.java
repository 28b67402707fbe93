package dev.switchboard.relay;

import dev.switchboard.catalog.Pricing;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.dialect.StreamEncoder;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.error.GatewayException;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;

/**
 * Relays an answer whose upstream speaks another wire format than the client: each upstream event
 * is decoded into neutral {@link ChatEvent}s and encoded into the client's format at once, so a
 * translated stream is still relayed event by event. A stream that ends without the upstream's
 * end marker, or with an error inside it, is closed with an error in the client's format, never
 * with a normal end.
 */
public final class TranslatingRelay {
    private TranslatingRelay() {
    }

    /** A translated complete answer: how it ended and the bytes to send the client. */
    public record Translated(Relayed relayed, byte[] body) {
    }

    /** Reads, translates and prices a complete answer; the caller writes {@link Translated#body()}. */
    public static Translated complete(InputStream upstream, UpstreamDialect from, ClientDialect to, Pricing pricing) {
        ChatResult result = from.decodeResponse(UpstreamBodies.readAll(upstream));
        BigDecimal cost = result.usage() == null ? null : pricing.costOf(result.usage()).orElse(null);
        return new Translated(Relayed.finished(result.usage(), cost), to.encodeResponse(result, cost));
    }

    /**
     * Translates a stream event by event onto {@code client}, which must already be open.
     *
     * @throws ClientStream.ClientGone when the client disconnects; the caller aborts the upstream
     */
    public static Relayed stream(InputStream upstream, UpstreamDialect from, ClientDialect to, ChatRequest request,
                                ClientStream client, Pricing pricing) {
        StreamDecoder decoder = from.newStreamDecoder();
        StreamEncoder encoder = to.newStreamEncoder(request);
        SseEventReader reader = new SseEventReader(upstream);
        TokenUsage usage = null;
        BigDecimal cost = null;
        try {
            SseEventReader.Event event;
            while ((event = reader.next()) != null) {
                for (ChatEvent decoded : decoder.decode(event)) {
                    if (decoded instanceof ChatEvent.Usage reported) {
                        usage = reported.usage();
                        cost = pricing.costOf(usage).orElse(null);
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
        } catch (GatewayException.UpstreamRejected inStream) {
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
