package dev.switchboard.http.openai;

import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.http.RequestContext;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.route.Deployment;
import dev.switchboard.route.ModelRouter;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord;
import dev.switchboard.usage.UsageRecord.Outcome;
import dev.switchboard.usage.UsageRecorder;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.math.BigDecimal;

/**
 * {@code POST /v1/chat/completions}. The stages run in this order, each able to end the request
 * with a {@link GatewayException} that the OpenAI error mapper renders (the gateway-key check ran
 * before, as a filter on {@code /v1/*}):
 * <ol>
 *   <li><b>read</b> the body within the size limit (413);</li>
 *   <li><b>parse</b> and validate the fields the gateway acts on (400);</li>
 *   <li><b>route</b> the model name to a deployment (404);</li>
 *   <li><b>call</b> the provider with the body rewritten for that deployment;</li>
 *   <li><b>relay</b> its answer, streamed or whole, adding the cost;</li>
 *   <li><b>record</b> usage, whatever the outcome.</li>
 * </ol>
 */
public final class ChatCompletionsHandler implements Handler {
    static final String PROVIDER_HEADER = "x-switchboard-provider";
    static final String MODEL_HEADER = "x-switchboard-model";

    private final ModelRouter router;
    private final UsageRecorder recorder;
    private final long maxBodyBytes;

    public ChatCompletionsHandler(ModelRouter router, UsageRecorder recorder, long maxBodyBytes) {
        this.router = router;
        this.recorder = recorder;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(Context ctx) {
        RequestContext request = RequestContext.of(ctx);
        OpenAiChatRequest chat = null;
        Deployment deployment = null;
        try {
            byte[] body = RequestBodies.read(ctx, maxBodyBytes);
            chat = OpenAiChatRequest.parse(body);
            deployment = router.route(chat.model());
            UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), chat.bodyFor(deployment.upstreamModel()), chat.stream(), request.id());
            try (UpstreamResponse upstream = deployment.provider().chat(call)) {
                OpenAiCompletionRelay.requireSuccess(upstream);
                ctx.header(PROVIDER_HEADER, deployment.provider().name());
                ctx.header(MODEL_HEADER, deployment.upstreamModel());
                Pricing pricing = pricingOf(deployment);
                if (chat.stream() && isEventStream(upstream)) {
                    ClientStream client = new ClientStream(ctx.res());
                    client.open();
                    OpenAiStreamRelay.Result result = relayStream(upstream, client, chat, pricing);
                    record(request, chat, deployment, result.outcome(), 200, result.usage(), result.cost());
                } else {
                    OpenAiCompletionRelay.Result result = OpenAiCompletionRelay.relay(upstream, ctx, pricing);
                    record(request, chat, deployment, result.outcome(), ctx.statusCode(), result.usage(), result.cost());
                }
            }
        } catch (GatewayException e) {
            record(request, chat, deployment, Outcome.FAILED, e.status(), null, null);
            throw e;
        }
    }

    private static OpenAiStreamRelay.Result relayStream(UpstreamResponse upstream, ClientStream client,
                                                        OpenAiChatRequest chat, Pricing pricing) {
        try {
            return OpenAiStreamRelay.relay(upstream.body(), client, chat.clientWantsUsage(), pricing);
        } catch (ClientStream.ClientGone gone) {
            // Closing the upstream response (try-with-resources in the caller) aborts generation.
            return new OpenAiStreamRelay.Result(Outcome.CLIENT_DISCONNECTED, null, null);
        }
    }

    static Pricing pricingOf(Deployment deployment) {
        return deployment.catalogEntry().map(CatalogEntry::pricing).orElse(Pricing.UNKNOWN);
    }

    private static boolean isEventStream(UpstreamResponse upstream) {
        return upstream.header("content-type").map(t -> t.startsWith("text/event-stream")).orElse(false);
    }

    private void record(RequestContext request, OpenAiChatRequest chat, Deployment deployment, Outcome outcome,
                        int status, TokenUsage usage, BigDecimal cost) {
        recorder.record(new UsageRecord(request.arrived(), request.id(), "chat.completions",
                chat == null ? null : chat.model(),
                deployment == null ? null : deployment.provider().name(),
                deployment == null ? null : deployment.upstreamModel(),
                chat != null && chat.stream(), outcome, status, usage, cost, request.elapsedMicros()));
    }
}
