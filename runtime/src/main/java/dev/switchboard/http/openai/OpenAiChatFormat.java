package dev.switchboard.http.openai;

import dev.switchboard.dialect.openai.OpenAiChatRequest;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.openai.OpenAiDialect;
import dev.switchboard.http.ClientFormat;
import dev.switchboard.http.CompleteAnswer;
import dev.switchboard.http.ReadyAnswer;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.http.StreamAnswer;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.FirstToken;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.route.Deployment;
import io.javalin.http.Context;
import java.util.Map;

/**
 * OpenAI's chat completions ({@code POST /v1/chat/completions}) as a {@link ClientFormat}: the
 * streaming parse of {@link OpenAiChatRequest}, and pass-through to OpenAI-compatible upstreams
 * with the usage chunk priced (and hidden again from clients that did not ask for it).
 */
public final class OpenAiChatFormat implements ClientFormat<OpenAiChatRequest> {
    private final OpenAiDialect dialect;

    public OpenAiChatFormat(OpenAiDialect dialect) {
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
    public ReadyAnswer passThrough(RequestContext request, OpenAiChatRequest chat, Deployment deployment,
                                   Map<String, String> forward, CallControl control) {
        UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), chat.bodyFor(deployment.upstreamModel()), chat.stream(),
                request.id(), forward, control);
        UpstreamResponse upstream = deployment.provider().chat(call);
        try {
            OpenAiCompletionRelay.requireSuccess(upstream);
            if (chat.stream() && isEventStream(upstream)) {
                SseEventReader events = FirstToken.await(upstream.body(), dialect);
                return new StreamAnswer(upstream, client ->
                        OpenAiStreamRelay.relay(events, client, chat.clientWantsUsage(), deployment.pricing()));
            }
            CompleteAnswer answer = OpenAiCompletionRelay.read(upstream, deployment.pricing());
            upstream.close();
            return answer;
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    static boolean isEventStream(UpstreamResponse upstream) {
        return upstream.header("content-type").map(t -> t.startsWith("text/event-stream")).orElse(false);
    }
}
