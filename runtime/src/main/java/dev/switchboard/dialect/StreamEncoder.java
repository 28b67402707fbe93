package dev.switchboard.dialect;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.error.GatewayException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Turns neutral {@link ChatEvent}s into one client stream's server-sent events. Holds the state
 * of that one stream (which blocks are open); not thread-safe.
 */
public interface StreamEncoder {

    /**
     * @param cost the cost so far, known once usage arrived; null before or when unknown
     * @return complete SSE events (each ending in a blank line) to send, possibly none
     */
    List<byte[]> encode(ChatEvent event, BigDecimal cost);

    /** The closing event(s) for a stream that failed after it began. */
    List<byte[]> error(GatewayException error);
}
