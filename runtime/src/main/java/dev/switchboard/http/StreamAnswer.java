package dev.switchboard.http;

import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.Transcript;
import dev.switchboard.usage.TokenUsage;
import io.javalin.http.Context;

/**
 * A stream whose first token has arrived, waiting to be relayed: the relay opens the client's
 * event stream and copies (or translates) the upstream's events onto it as they come.
 */
public final class StreamAnswer implements ReadyAnswer {
    /** Relays the upstream's events onto an open client stream. */
    @FunctionalInterface
    public interface Relay {
        /** @throws ClientStream.ClientGone when the client disconnects */
        Relayed onto(ClientStream client);
    }

    private final UpstreamResponse upstream;
    private final Relay relay;

    public StreamAnswer(UpstreamResponse upstream, Relay relay) {
        this.upstream = upstream;
        this.relay = relay;
    }

    @Override
    public Relayed relay(Context ctx, Transcript transcript) {
        try (upstream) {
            ClientStream client = new ClientStream(ctx.res(), transcript);
            client.open();
            return relay.onto(client);
        } catch (ClientStream.ClientGone gone) {
            // Closing the upstream response (try-with-resources) aborts generation upstream.
            return Relayed.CLIENT_DISCONNECTED;
        }
    }

    /** A stream's refusal only shows inside it, after the point where failover is still possible. */
    @Override
    public boolean refused() {
        return false;
    }

    @Override
    public TokenUsage usage() {
        return null;
    }

    @Override
    public void close() {
        upstream.close();
    }
}
