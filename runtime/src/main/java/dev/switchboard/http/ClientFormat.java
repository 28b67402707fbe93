package dev.switchboard.http;

import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.ClientRequest;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.CallControl;
import dev.switchboard.route.Deployment;
import io.javalin.http.Context;
import java.util.Map;

/**
 * What one client-facing chat API (OpenAI's chat completions, Anthropic's messages) contributes to
 * a {@link ChatEndpoint}: the light parse that pass-through needs, the same-format call,
 * and the dialect that translates for every other upstream.
 *
 * @param <P> the parsed request
 */
public interface ClientFormat<P extends ClientRequest> {

    /** The fields every stage needs from a parsed request. */
    interface Parsed {
        String model();

        boolean stream();

        /** The most completion tokens the request allows per choice ({@code max_tokens}); null when it sets no limit. */
        Integer maxTokens();

        /** How many completions the request asks for (OpenAI's {@code n}); 1 where the format has no such field. */
        default int choices() {
            return 1;
        }
    }

    /** The endpoint's name in usage records, e.g. {@code chat.completions}. */
    String endpoint();

    /** The dialect that decodes requests and encodes answers when the upstream speaks another format. */
    ClientDialect dialect();

    /**
     * Validates the fields the gateway acts on, without decoding the whole body.
     *
     * @throws dev.switchboard.error.GatewayException.InvalidRequest naming the field
     */
    P parse(byte[] body);

    /** Client headers of this protocol that an upstream speaking it must also see. */
    Map<String, String> forwardedHeaders(Context ctx);

    /**
     * Calls a deployment whose provider speaks this format, with the body as sent but for the
     * model, and gets its answer ready to relay: whole and priced, or a stream up to its first token.
     *
     * @param control the attempt's deadline and abort, for the upstream call
     * @throws dev.switchboard.error.GatewayException when the upstream fails before answering
     */
    ReadyAnswer passThrough(RequestContext request, P parsed, Deployment deployment, Map<String, String> forward,
                            CallControl control);

    default WireFormat format() {
        return dialect().format();
    }
}
