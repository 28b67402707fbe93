package dev.switchboard.pipeline;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.error.GatewayException;

/**
 * An in-process receiver of a chat call's answer, as neutral {@link ChatEvent}s: a workflow step
 * streaming its tokens to its run's event stream, a sampling request relayed to an MCP client. A
 * whole (non-streamed) answer arrives as the same events, all at once. The events follow
 * {@link ChatEvent}'s order and end with {@link ChatEvent.Ended}, or with {@link #broken} when the
 * upstream's stream broke off after it began.
 *
 * <p>A sink whose consumer has gone throws {@link dev.switchboard.relay.ReceiverGone} from
 * {@link #accept}: the call then stops as it does for an HTTP client that disconnected, and the
 * upstream's generation is cancelled.
 */
public interface ChatSink {

    /** @throws dev.switchboard.relay.ReceiverGone when the consumer has gone */
    void accept(ChatEvent event);

    /** The answer broke off after it began (the upstream's stream was cut or reported an error): no event follows. */
    default void broken(GatewayException error) {
    }

    /** A sink that keeps nothing, for callers that want only the assembled result. */
    ChatSink NONE = event -> {
    };
}
