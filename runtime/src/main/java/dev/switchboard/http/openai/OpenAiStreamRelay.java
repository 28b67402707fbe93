package dev.switchboard.http.openai;

import dev.switchboard.dialect.openai.OpenAiUsage;
import dev.switchboard.dialect.openai.OpenAiErrors;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.error.GatewayException;
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
 * Relays an OpenAI-format event stream to the client event by event. Only the usage chunk is
 * touched: the gateway's cost is added to it, or it is dropped when the gateway (not the client)
 * asked for it. A stream that stops before {@code [DONE]} ends with an error event, never with a
 * normal end marker, so a truncated answer is never passed off as complete.
 */
final class OpenAiStreamRelay {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_EVENT = "event: error\n".getBytes(StandardCharsets.US_ASCII);

    private OpenAiStreamRelay() {
    }

    static Relayed relay(SseEventReader reader, ClientStream client, boolean clientWantsUsage, Pricing pricing) {
        TokenUsage usage = null;
        BigDecimal cost = null;
        try {
            SseEventReader.Event event;
            while ((event = reader.next()) != null) {
                byte[] data = event.data();
                if (event.isDone()) {
                    client.send(event.raw());
                    return Relayed.finished(usage, cost);
                }
                if (data != null && !JsonCheck.wellFormed(data)) {
                    client.send(errorEvent(new GatewayException.UpstreamUnavailable("The upstream sent a stream event that is not JSON.")));
                    return new Relayed(Outcome.STREAM_CUT, usage, cost);
                }
                byte[] out = event.raw();
                if (data != null && OpenAiUsage.mayContainUsage(data)) {
                    OpenAiUsage.Found found = OpenAiUsage.scan(data);
                    if (found.usage() != null) {
                        usage = found.usage();
                        cost = pricing.costOf(usage).orElse(null);
                        if (!clientWantsUsage && found.choicesEmpty()) {
                            continue;
                        }
                        if (cost != null) {
                            out = event(OpenAiUsage.withCost(data, found, cost));
                        }
                    }
                }
                client.send(out);
            }
            client.send(errorEvent(new GatewayException.UpstreamUnavailable("The upstream stream ended before the answer was complete.")));
            return new Relayed(Outcome.STREAM_CUT, usage, cost);
        } catch (IOException e) {
            client.send(errorEvent(new GatewayException.UpstreamUnavailable("The upstream stream broke off: " + e.getClass().getSimpleName())));
            return new Relayed(Outcome.STREAM_CUT, usage, cost);
        }
    }

    /**
     * An error inside a stream, in the form OpenAI's own streams use: named {@code error} (which
     * LangChain4j and other SSE clients dispatch on) with OpenAI's error object as data (which the
     * OpenAI SDKs look for).
     */
    private static byte[] errorEvent(GatewayException error) {
        byte[] data = event(OpenAiErrors.body(error));
        byte[] named = new byte[ERROR_EVENT.length + data.length];
        System.arraycopy(ERROR_EVENT, 0, named, 0, ERROR_EVENT.length);
        System.arraycopy(data, 0, named, ERROR_EVENT.length, data.length);
        return named;
    }

    private static byte[] event(byte[] json) {
        byte[] event = new byte[DATA.length + json.length + END.length];
        System.arraycopy(DATA, 0, event, 0, DATA.length);
        System.arraycopy(json, 0, event, DATA.length, json.length);
        System.arraycopy(END, 0, event, DATA.length + json.length, END.length);
        return event;
    }
}
