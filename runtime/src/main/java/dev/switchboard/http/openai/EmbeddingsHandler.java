package dev.switchboard.http.openai;

import dev.switchboard.deployment.Deployment;
import dev.switchboard.dialect.openai.OpenAiDialect;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.HttpDelivery;
import dev.switchboard.http.PassThrough;
import dev.switchboard.http.ReliabilityHeaders;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.http.Requests;
import dev.switchboard.pipeline.ModelCall;
import dev.switchboard.pipeline.ModelPipeline;
import dev.switchboard.pipeline.ReadyAnswer;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.EmbeddingsProvider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.reliability.Attempt;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * {@code POST /v1/embeddings}: the HTTP adapter of an embeddings call through the
 * {@link ModelPipeline} — read and parse here; plan, admit (model rules, rate limits, a budget
 * reservation priced on input tokens alone), attempt (retries and fallbacks as configured),
 * deliver, settle and record there. Every OpenAI-compatible upstream takes the body as sent, with
 * the model rewritten.
 */
public final class EmbeddingsHandler implements Handler {
    private static final String ENDPOINT = "embeddings";

    private final ModelPipeline pipeline;
    private final OpenAiDialect dialect;
    private final RequestBodies bodies;

    public EmbeddingsHandler(ModelPipeline pipeline, OpenAiDialect dialect, RequestBodies bodies) {
        this.pipeline = pipeline;
        this.dialect = dialect;
        this.bodies = bodies;
    }

    @Override
    public void handle(Context ctx) {
        RequestContext request = Requests.of(ctx);
        OpenAiEmbeddingsRequest embeddings = null;
        ModelCall call;
        try {
            byte[] body = bodies.read(ctx);
            embeddings = OpenAiEmbeddingsRequest.parse(body);
            OpenAiEmbeddingsRequest parsed = embeddings;
            call = new ModelCall(request, ENDPOINT, parsed.model(), body.length, ModelCall.Price.INPUT,
                    attempt(request, parsed, dialect), ReliabilityHeaders.read(ctx));
        } catch (RuntimeException e) {
            pipeline.refused(request, ENDPOINT, embeddings == null ? null : embeddings.model(), false, null, e);
            throw e;
        }
        pipeline.call(call, new HttpDelivery(ctx, dialect));
    }

    /**
     * The attempt of an embeddings call on one deployment: the request's body with the model
     * rewritten, to the deployment's embeddings endpoint; the answer verbatim, its usage priced.
     * Shared with in-process callers (the retrieval module's gateway embedder).
     */
    public static Attempt<ReadyAnswer> attempt(RequestContext request, OpenAiEmbeddingsRequest embeddings, OpenAiDialect dialect) {
        return (deployment, control) -> embed(request, embeddings, dialect, deployment, control);
    }

    private static ReadyAnswer embed(RequestContext request, OpenAiEmbeddingsRequest embeddings, OpenAiDialect dialect, Deployment deployment,
                                     CallControl control) {
        if (!(deployment.provider() instanceof EmbeddingsProvider provider)) {
            throw new GatewayException.InvalidRequest("The model '" + embeddings.model() + "' is served by provider '"
                    + deployment.provider().name() + "', which has no embeddings endpoint.", "model");
        }
        UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), embeddings.bodyFor(deployment.upstreamModel()), false,
                request.id(), Map.of(), control);
        return PassThrough.call(call, provider::embeddings, dialect, deployment.pricing(), OpenAiWholeAnswer::read, null);
    }
}
