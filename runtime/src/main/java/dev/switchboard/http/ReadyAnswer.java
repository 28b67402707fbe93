package dev.switchboard.http;

import dev.switchboard.reliability.Answer;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.Transcript;
import io.javalin.http.Context;

/** An {@link Answer} that knows how to reach the client in its format. */
public interface ReadyAnswer extends Answer {

    /**
     * Sends the answer: status, headers and body, or the stream event by event. The headers naming
     * the deployment are already set. Releases the upstream connection when done.
     */
    default Relayed relay(Context ctx) {
        return relay(ctx, Transcript.OFF);
    }

    /** As {@link #relay(Context)}, keeping a copy of what the client received in {@code transcript}. */
    Relayed relay(Context ctx, Transcript transcript);
}
