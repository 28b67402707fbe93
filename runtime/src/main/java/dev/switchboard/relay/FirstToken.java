package dev.switchboard.relay;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.error.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stream up to its first token before anything is sent to the client, because until then
 * the gateway may still drop the stream and fail over. An event that only opens the answer
 * (OpenAI's role chunk, Anthropic's {@code message_start}) is not a token; text, thinking, a tool
 * call or the answer's end is. Events read on the way are put back, so the relay sends them all.
 */
public final class FirstToken {
    private FirstToken() {
    }

    /**
     * @return a reader positioned at the stream's start, its first token known to have arrived
     * @throws GatewayException.UpstreamRejected    for an error event before the first token
     * @throws GatewayException.UpstreamUnavailable for a stream that ends, breaks or is not the
     *                                              upstream's protocol before its first token
     * @throws GatewayException.UpstreamTimeout     for a stream silent longer than the provider's timeout
     */
    public static SseEventReader await(InputStream body, UpstreamDialect dialect) {
        SseEventReader reader = new SseEventReader(body);
        StreamDecoder decoder = dialect.newStreamDecoder();
        List<SseEventReader.Event> held = new ArrayList<>(2);
        try {
            SseEventReader.Event event;
            while ((event = reader.next()) != null) {
                held.add(event);
                for (ChatEvent decoded : decoder.decode(event)) {
                    if (!(decoded instanceof ChatEvent.Started) && !(decoded instanceof ChatEvent.Usage)) {
                        reader.unread(held);
                        return reader;
                    }
                }
            }
        } catch (InterruptedIOException e) {
            throw new GatewayException.UpstreamTimeout("The upstream stream went silent before its first token.");
        } catch (IOException e) {
            throw new GatewayException.UpstreamUnavailable("The upstream stream broke off before its first token: " + e.getClass().getSimpleName());
        }
        throw new GatewayException.UpstreamUnavailable("The upstream stream ended before its first token.");
    }
}
