package dev.switchboard.http.openai;

import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.http.ClientFormat;
import dev.switchboard.http.GatewayHeaders;
import dev.switchboard.http.RequestContext;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.Relayed;
import dev.switchboard.route.Deployment;
import io.javalin.http.Context;
import java.util.Map;

/**
 * OpenAI's chat completions ({@code POST /v1/chat/completions}) as a {@link ClientFormat}: the
 * streaming parse of {@link OpenAiChatRequest}, and pass-through to OpenAI-compatible upstreams
 * with the usage chunk priced (and hidden again from clients that did not ask for it).
 */
public final class OpenAiChatFormat implements ClientFormat<OpenAiChatRequest> {
    private final ClientDialect dialect;

    public OpenAiChatFormat(ClientDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public String endpoint() {
        return "chat.completions";
    }

    @Override
    public ClientDialect dialect() {
        return dialect;
    }

    @Override
    public OpenAiChatRequest parse(byte[] body) {
        return OpenAiChatRequest.parse(body);
    }

    @Override
    public Map<String, String> forwardedHeaders(Context ctx) {
        return Map.of();
    }

    @Override
    public Relayed passThrough(Context ctx, RequestContext request, OpenAiChatRequest chat, Deployment deployment,
                               Map<String, String> forward) {
        UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), chat.bodyFor(deployment.upstreamModel()), chat.stream(), request.id());
        try (UpstreamResponse upstream = deployment.provider().chat(call)) {
            OpenAiCompletionRelay.requireSuccess(upstream);
            GatewayHeaders.served(ctx, deployment);
            if (!chat.stream() || !isEventStream(upstream)) {
                return OpenAiCompletionRelay.relay(upstream, ctx, deployment.pricing());
            }
            ClientStream client = new ClientStream(ctx.res());
            client.open();
            try {
                return OpenAiStreamRelay.relay(upstream.body(), client, chat.clientWantsUsage(), deployment.pricing());
            } catch (ClientStream.ClientGone gone) {
                // Closing the upstream response (try-with-resources) aborts generation upstream.
                return Relayed.CLIENT_DISCONNECTED;
            }
        }
    }

    static boolean isEventStream(UpstreamResponse upstream) {
        return upstream.header("content-type").map(t -> t.startsWith("text/event-stream")).orElse(false);
    }
}
