package dev.switchboard.http.openai;

import dev.switchboard.error.GatewayException;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.http.RequestContext;
import dev.switchboard.provider.EmbeddingsProvider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.route.Deployment;
import dev.switchboard.route.ModelRouter;
import dev.switchboard.usage.UsageRecord;
import dev.switchboard.usage.UsageRecord.Outcome;
import dev.switchboard.usage.UsageRecorder;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code POST /v1/embeddings}: the chat stages without streaming — read, parse, route, call, relay, record. */
public final class EmbeddingsHandler implements Handler {
    private final ModelRouter router;
    private final UsageRecorder recorder;
    private final long maxBodyBytes;

    public EmbeddingsHandler(ModelRouter router, UsageRecorder recorder, long maxBodyBytes) {
        this.router = router;
        this.recorder = recorder;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(Context ctx) {
        RequestContext request = RequestContext.of(ctx);
        String model = null;
        Deployment deployment = null;
        try {
            OpenAiEmbeddingsRequest embeddings = OpenAiEmbeddingsRequest.parse(RequestBodies.read(ctx, maxBodyBytes));
            model = embeddings.model();
            deployment = router.route(model);
            UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), embeddings.bodyFor(deployment.upstreamModel()), false, request.id());
            if (!(deployment.provider() instanceof EmbeddingsProvider provider)) {
                throw new GatewayException.InvalidRequest("The model '" + model + "' is served by provider '"
                        + deployment.provider().name() + "', which has no embeddings endpoint.", "model");
            }
            try (UpstreamResponse upstream = provider.embeddings(call)) {
                OpenAiCompletionRelay.requireSuccess(upstream);
                ctx.header(ChatCompletionsHandler.PROVIDER_HEADER, deployment.provider().name());
                ctx.header(ChatCompletionsHandler.MODEL_HEADER, deployment.upstreamModel());
                OpenAiCompletionRelay.Result result = OpenAiCompletionRelay.relay(upstream, ctx, ChatCompletionsHandler.pricingOf(deployment));
                record(request, model, deployment, result.outcome(), ctx.statusCode(), result);
            }
        } catch (GatewayException e) {
            record(request, model, deployment, Outcome.FAILED, e.status(), null);
            throw e;
        }
    }

    private void record(RequestContext request, String model, Deployment deployment, Outcome outcome, int status,
                        OpenAiCompletionRelay.Result result) {
        recorder.record(new UsageRecord(request.arrived(), request.id(), "embeddings", model,
                deployment == null ? null : deployment.provider().name(),
                deployment == null ? null : deployment.upstreamModel(), false, outcome, status,
                result == null ? null : result.usage(), result == null ? null : result.cost(), request.elapsedMicros()));
    }
}
