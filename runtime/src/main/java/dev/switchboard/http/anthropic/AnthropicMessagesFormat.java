package dev.switchboard.http.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.dialect.WholeAnswer;
import dev.switchboard.dialect.anthropic.AnthropicDialect;
import dev.switchboard.dialect.anthropic.AnthropicMessagesRequest;
import dev.switchboard.dialect.anthropic.AnthropicUsage;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.ClientFormat;
import dev.switchboard.relay.Bytes;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.SseEventReader;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}, for coding agents and the Anthropic SDKs) as
 * a {@link ClientFormat}. When the deployment is an Anthropic provider the body passes through
 * untouched but for the model name, and the client's {@code anthropic-version} and
 * {@code anthropic-beta} go with it; the answer is relayed as sent, priced in its usage.
 */
public final class AnthropicMessagesFormat implements ClientFormat<AnthropicMessagesRequest> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] REFUSAL = "\"refusal\"".getBytes(StandardCharsets.US_ASCII);

    private final AnthropicDialect dialect;

    public AnthropicMessagesFormat(AnthropicDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public String endpoint() {
        return "messages";
    }

    @Override
    public ClientDialect dialect() {
        return dialect;
    }

    @Override
    public AnthropicMessagesRequest parse(byte[] body) {
        return AnthropicMessagesRequest.parse(body, true);
    }

    @Override
    public Map<String, String> forwardedHeaders(Context ctx) {
        return AnthropicHeaders.forwarded(ctx);
    }

    @Override
    public UpstreamDialect sameFormat() {
        return dialect;
    }

    @Override
    public Relayed relay(SseEventReader events, ClientStream client, AnthropicMessagesRequest request, Pricing pricing) {
        return AnthropicStreamRelay.relay(events, client, pricing);
    }

    /** Reads, checks and prices a whole message; notes a {@code refusal} stop. */
    @Override
    public WholeAnswer read(byte[] body, Pricing pricing) {
        AnthropicUsage.Found found = AnthropicUsage.scan(body);
        if (found == AnthropicUsage.Found.NOT_JSON) {
            throw new GatewayException.UpstreamUnavailable("The upstream's answer is not JSON.");
        }
        BigDecimal cost = found.usage() == null ? null : pricing.costOf(found.usage()).orElse(null);
        if (cost != null) {
            body = AnthropicUsage.withCost(body, found, cost);
        }
        return new WholeAnswer(body, found.usage(), cost, refused(body));
    }

    /** True for {@code stop_reason: refusal}; parses only answers that mention it. */
    private static boolean refused(byte[] body) {
        if (!Bytes.contains(body, REFUSAL)) {
            return false;
        }
        try {
            return "refusal".equals(JSON.readTree(body).path("stop_reason").asText());
        } catch (IOException e) {
            return false;
        }
    }

}
