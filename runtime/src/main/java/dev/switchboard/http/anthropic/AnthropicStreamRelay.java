package dev.switchboard.http.anthropic;

import dev.switchboard.catalog.Pricing;
import dev.switchboard.dialect.anthropic.AnthropicErrors;
import dev.switchboard.dialect.anthropic.AnthropicUsage;
import dev.switchboard.error.GatewayException;
import dev.switchboard.relay.Bytes;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.JsonCheck;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord.Outcome;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Relays an Anthropic event stream to an Anthropic client as the upstream sent it, event by event,
 * adding the gateway's cost to the {@code message_delta} usage. A stream that stops before
 * {@code message_stop} ends with an {@code error} event, so a truncated answer never looks complete.
 */
final class AnthropicStreamRelay {
    private static final byte[] MESSAGE_STOP = "\"message_stop\"".getBytes(StandardCharsets.US_ASCII);

    private AnthropicStreamRelay() {
    }

    static Relayed relay(SseEventReader reader, ClientStream client, Pricing pricing) {
        AnthropicUsage.StreamUsage usage = new AnthropicUsage.StreamUsage();
        BigDecimal cost = null;
        try {
            SseEventReader.Event event;
            while ((event = reader.next()) != null) {
                if (event.data() != null && !JsonCheck.wellFormed(event.data())) {
                    fail(client, "The upstream sent a stream event that is not JSON.");
                    return new Relayed(Outcome.STREAM_CUT, usage.usage(), cost);
                }
                byte[] out = event.raw();
                AnthropicUsage.Found found = usage.accept(event.data());
                if (found != null) {
                    cost = pricing.costOf(found.usage()).orElse(null);
                    if (cost != null) {
                        out = AnthropicUsage.StreamUsage.pricedEvent(event.data(), found, cost);
                    }
                }
                client.send(out);
                if (isMessageStop(event.data())) {
                    TokenUsage total = usage.usage();
                    return Relayed.finished(total, cost);
                }
            }
            fail(client, "The upstream stream ended before the answer was complete.");
        } catch (IOException e) {
            fail(client, "The upstream stream broke off: " + e.getClass().getSimpleName());
        }
        // Only message_delta is priced on the way; a stream cut before it still reported message_start's usage.
        TokenUsage reported = usage.usage();
        return new Relayed(Outcome.STREAM_CUT, reported, reported == null ? null : pricing.costOf(reported).orElse(null));
    }

    // message_stop carries nothing but its type, so a byte search is exact enough and parses nothing.
    private static boolean isMessageStop(byte[] data) {
        if (data == null || data.length > 64) {
            return false;
        }
        return Bytes.contains(data, MESSAGE_STOP);
    }

    private static void fail(ClientStream client, String message) {
        byte[] json = AnthropicErrors.body(new GatewayException.UpstreamUnavailable(message));
        client.send(("event: error\ndata: " + new String(json, StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
}
