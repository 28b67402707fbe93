package dev.switchboard.http.openai;

import dev.switchboard.http.Requests;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.Admission;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.http.GatewayHeaders;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.http.UsageRecording;
import dev.switchboard.provider.EmbeddingsProvider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.Relayed;
import dev.switchboard.route.Deployment;
import dev.switchboard.route.ModelRouter;
import dev.switchboard.usage.UsageRecord.Outcome;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;

/**
 * {@code POST /v1/embeddings}: the chat stages without streaming or failover — read, parse, route,
 * admit (model rules, rate limits, a budget reservation priced on input tokens alone), call,
 * relay, record.
 */
public final class EmbeddingsHandler implements Handler {
    private static final String ENDPOINT = "embeddings";

    private final ModelRouter router;
    private final UsageRecording usage;
    private final Admission admission;
    private final RequestBodies bodies;

    public EmbeddingsHandler(ModelRouter router, Admission admission, UsageRecording usage, RequestBodies bodies) {
        this.router = router;
        this.admission = admission;
        this.usage = usage;
        this.bodies = bodies;
    }

    @Override
    public void handle(Context ctx) {
        RequestContext request = Requests.of(ctx);
        String model = null;
        Deployment deployment = null;
        try {
            byte[] body = bodies.read(ctx);
            OpenAiEmbeddingsRequest embeddings = OpenAiEmbeddingsRequest.parse(body);
            model = embeddings.model();
            request.caller().requireMayCall(model);
            request.caller().requireMayCall(router.resolveName(model));
            deployment = router.route(model);
            UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), embeddings.bodyFor(deployment.upstreamModel()), false, request.id());
            if (!(deployment.provider() instanceof EmbeddingsProvider provider)) {
                throw new GatewayException.InvalidRequest("The model '" + model + "' is served by provider '"
                        + deployment.provider().name() + "', which has no embeddings endpoint.", "model");
            }
            try (Admission.Admitted admitted = admission.admitEmbeddings(ctx, request.caller(), body, deployment);
                 UpstreamResponse upstream = provider.embeddings(call)) {
                OpenAiCompletionRelay.requireSuccess(upstream);
                GatewayHeaders.served(ctx, deployment, 1);
                Relayed result = OpenAiCompletionRelay.read(upstream, deployment.pricing()).relay(ctx);
                admitted.settle(result.usage(), result.cost());
                usage.record(request, ENDPOINT, model, deployment, false, result.outcome(), ctx.statusCode(), result.usage(), result.cost(), List.of());
            }
        } catch (RuntimeException e) {
            usage.record(request, ENDPOINT, model, deployment, false, Outcome.FAILED, UsageRecording.status(e), null, null, List.of());
            throw e;
        }
    }
}
