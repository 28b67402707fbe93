package dev.switchboard.dialect;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.relay.SseEventReader;
import java.util.List;

/**
 * Turns one upstream stream's server-sent events into neutral {@link ChatEvent}s. Holds the state
 * of that one stream (open blocks, tool-call indices); not thread-safe.
 */
public interface StreamDecoder {

    /**
     * @return the events this upstream event means, possibly none (pings, comments); the
     *         upstream's own end marker yields {@link ChatEvent.Ended}
     * @throws dev.switchboard.error.GatewayException.UpstreamRejected when the upstream reports an
     *         error inside the stream
     */
    List<ChatEvent> decode(SseEventReader.Event event);
}
