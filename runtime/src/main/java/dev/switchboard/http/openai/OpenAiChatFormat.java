package dev.switchboard.http.openai;

import dev.switchboard.catalog.Pricing;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.dialect.WholeAnswer;
import dev.switchboard.dialect.openai.OpenAiChatRequest;
import dev.switchboard.dialect.openai.OpenAiDialect;
import dev.switchboard.dialect.openai.OpenAiWholeAnswer;
import dev.switchboard.http.ClientFormat;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.SseEventReader;
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
    public UpstreamDialect sameFormat() {
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
    public WholeAnswer read(byte[] body, Pricing pricing) {
        return OpenAiWholeAnswer.read(body, pricing);
    }

    @Override
    public Relayed relay(SseEventReader events, ClientStream client, OpenAiChatRequest request, Pricing pricing) {
        return OpenAiStreamRelay.relay(events, client, request.clientWantsUsage(), pricing);
    }
}
