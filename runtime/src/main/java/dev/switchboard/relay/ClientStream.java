package dev.switchboard.relay;

/**
 * The client's end of a streamed answer, in the client's own wire format. Each {@link #send}
 * delivers one whole server-sent event at once, so the client sees every chunk as soon as the
 * upstream produced it.
 */
@FunctionalInterface
public interface ClientStream {

    /** @throws ReceiverGone when the client has disconnected */
    void send(byte[] event);
}
