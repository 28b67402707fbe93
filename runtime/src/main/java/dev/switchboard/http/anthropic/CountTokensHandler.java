package dev.switchboard.http.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.TokenEstimator;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.dialect.Dialects;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.dialect.WholeAnswer;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.dialect.anthropic.AnthropicDialect;
import dev.switchboard.dialect.anthropic.AnthropicMessagesRequest;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.HttpDelivery;
import dev.switchboard.http.ReliabilityHeaders;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.http.Requests;
import dev.switchboard.json.StrictJson;
import dev.switchboard.pipeline.Delivery;
import dev.switchboard.pipeline.ModelCall;
import dev.switchboard.pipeline.ModelPipeline;
import dev.switchboard.pipeline.PassThrough;
import dev.switchboard.pipeline.ReadyAnswer;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.TokenCountingProvider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.Transcript;
import dev.switchboard.usage.TokenUsage;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /v1/messages/count_tokens}: how many input tokens a Messages request would use on
 * the model it names, through the {@link ModelPipeline} like every model call (model rules, a
 * request from the rate limits, failover, a ledger row at no cost). Anthropic and Gemini
 * deployments count for themselves (their answer is exact); for any other deployment the gateway
 * counts locally, calling no upstream, and says so in {@code x-switchboard-token-count: estimated}.
 */
public final class CountTokensHandler implements Handler {
    static final String COUNT_HEADER = "x-switchboard-token-count";
    private static final String ENDPOINT = "messages.count_tokens";

    private final ModelPipeline pipeline;
    private final AnthropicDialect dialect;
    private final Dialects dialects;
    private final TokenEstimator estimator;
    private final RequestBodies bodies;

    public CountTokensHandler(ModelPipeline pipeline, AnthropicDialect dialect, Dialects dialects, TokenEstimator estimator,
                              RequestBodies bodies) {
        this.pipeline = pipeline;
        this.dialect = dialect;
        this.dialects = dialects;
        this.estimator = estimator;
        this.bodies = bodies;
    }

    @Override
    public void handle(Context ctx) {
        RequestContext request = Requests.of(ctx);
        AnthropicMessagesRequest messages = null;
        ModelCall call;
        try {
            byte[] body = bodies.read(ctx);
            messages = AnthropicMessagesRequest.parse(body, false);
            Counting counting = new Counting(request, messages, body, AnthropicHeaders.forwarded(ctx));
            call = new ModelCall(request, ENDPOINT, messages.model(), body.length, ModelCall.Price.FREE, counting::count,
                    ReliabilityHeaders.read(ctx));
        } catch (RuntimeException e) {
            pipeline.refused(request, ENDPOINT, messages == null ? null : messages.model(), false, null, e);
            throw e;
        }
        pipeline.call(call, new Marked(new HttpDelivery(ctx, dialect), ctx));
    }

    /** One request's count, on whichever deployment the failover loop picks. */
    private final class Counting {
        private final RequestContext request;
        private final AnthropicMessagesRequest messages;
        private final byte[] body;
        private final Map<String, String> forwarded;
        private ChatRequest neutral;

        Counting(RequestContext request, AnthropicMessagesRequest messages, byte[] body, Map<String, String> forwarded) {
            this.request = request;
            this.messages = messages;
            this.body = body;
            this.forwarded = forwarded;
        }

        ReadyAnswer count(Deployment deployment, CallControl control) {
            if (!(deployment.provider() instanceof TokenCountingProvider counter)) {
                return new ReadyAnswer.Local(answer(estimator.inputTokens(neutral())));
            }
            if (counter.wireFormat() == WireFormat.ANTHROPIC) {
                UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), messages.bodyFor(deployment.upstreamModel()), false,
                        request.id(), forwarded, control);
                return PassThrough.call(call, counter::countTokens, dialect, deployment.pricing(), (json, pricing) ->
                        exact(json, "input_tokens"), null);
            }
            UpstreamDialect gemini = dialects.upstream(WireFormat.GEMINI);
            UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), gemini.encodeRequest(neutral(), deployment.upstreamModel()),
                    false, request.id(), Map.of(), control);
            return PassThrough.call(call, counter::countTokens, gemini, deployment.pricing(), (json, pricing) ->
                    exact(json, "totalTokens"), null);
        }

        // Decoded once, when a deployment is not Anthropic's (hedged attempts may ask from two threads).
        private synchronized ChatRequest neutral() {
            if (neutral == null) {
                neutral = dialect.decodeCountTokensRequest(body);
            }
            return neutral;
        }
    }

    /** An upstream's count, as Anthropic's answer: {@code {"input_tokens": n}}. Counting costs nothing. */
    private static WholeAnswer exact(byte[] upstream, String field) {
        JsonNode count;
        try {
            count = StrictJson.readTree(upstream).path(field);
        } catch (IOException e) {
            throw new GatewayException.UpstreamUnavailable("The upstream's token count is not JSON.");
        }
        if (!count.canConvertToInt()) {
            throw new GatewayException.UpstreamUnavailable("The upstream's token count has no '" + field + "'.");
        }
        return new WholeAnswer(answer(count.asInt()), TokenUsage.NONE, BigDecimal.ZERO, false);
    }

    private static byte[] answer(int inputTokens) {
        return ("{\"input_tokens\":" + inputTokens + "}").getBytes(StandardCharsets.US_ASCII);
    }

    /** HTTP delivery that says whether the count is the upstream's or the gateway's estimate. */
    private record Marked(HttpDelivery http, Context ctx) implements Delivery {
        @Override
        public void show(Map<String, String> headers) {
            http.show(headers);
        }

        @Override
        public Relayed deliver(ReadyAnswer answer, Transcript transcript) {
            ctx.header(COUNT_HEADER, answer.local() ? "estimated" : "exact");
            return http.deliver(answer, transcript);
        }
    }
}
