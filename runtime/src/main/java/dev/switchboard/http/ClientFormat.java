package dev.switchboard.http;

import dev.switchboard.catalog.Pricing;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.ClientRequest;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.dialect.WholeAnswer;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.SseEventReader;
import io.javalin.http.Context;
import java.util.Map;

/**
 * What one client-facing chat API (OpenAI's chat completions, Anthropic's messages) contributes to
 * a {@link ChatEndpoint}: the light parse, the dialect that translates for upstreams of other
 * formats, and the two format-specific steps of the pass-through to an upstream of its own
 * format, whose skeleton is {@link dev.switchboard.pipeline.PassThrough}.
 *
 * @param <P> the parsed request
 */
public interface ClientFormat<P extends ClientRequest> {

    /** The endpoint's name in usage records, e.g. {@code chat.completions}. */
    String endpoint();

    /** The dialect that decodes requests and encodes answers when the upstream speaks another format. */
    ClientDialect dialect();

    /** The same dialect on the upstream side: the errors and stream events of a same-format upstream. */
    UpstreamDialect sameFormat();

    /**
     * Validates the fields the gateway acts on, without decoding the whole body.
     *
     * @throws dev.switchboard.error.GatewayException.InvalidRequest naming the field
     */
    P parse(byte[] body);

    /** Client headers of this protocol that an upstream speaking it must also see. */
    Map<String, String> forwardedHeaders(Context ctx);

    /**
     * A whole answer of this format as the upstream sent it: checked to be JSON, its usage priced
     * (the cost added to it), a refusal noted so the failover loop can still drop it.
     *
     * @throws dev.switchboard.error.GatewayException.UpstreamUnavailable when it is not this format's JSON
     */
    WholeAnswer read(byte[] body, Pricing pricing);

    /** Copies a stream of this format onto the client event by event, pricing its usage on the way. */
    Relayed relay(SseEventReader events, ClientStream client, P request, Pricing pricing);

    default WireFormat format() {
        return dialect().format();
    }
}
