package dev.switchboard.relay;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.StreamEncoder;
import dev.switchboard.error.GatewayException;
import java.math.BigDecimal;

/**
 * Relays a stream whose upstream speaks another wire format than the client: each neutral event
 * {@link StreamDecoding} reads is encoded into the client's format at once, so a translated stream
 * is still relayed event by event. A stream that ends without the upstream's end marker, or with
 * an error inside it, is closed with an error in the client's format, never with a normal end.
 */
public final class TranslatingRelay implements StreamDecoding.Receiver {
    private final StreamEncoder encoder;
    private final ClientStream client;

    /** @param request the client's request, which shapes its stream (e.g. whether it asked for usage) */
    public TranslatingRelay(ClientDialect to, ChatRequest request, ClientStream client) {
        this.encoder = to.newStreamEncoder(request);
        this.client = client;
    }

    @Override
    public void event(ChatEvent event, BigDecimal cost) {
        for (byte[] out : encoder.encode(event, cost)) {
            client.send(out);
        }
    }

    @Override
    public void broken(GatewayException error) {
        for (byte[] out : encoder.error(error)) {
            client.send(out);
        }
    }
}
