package dev.switchboard.http.openai;

import dev.switchboard.dialect.openai.OpenAiDialect;
import dev.switchboard.dialect.openai.OpenAiEmbeddingsRequest;
import dev.switchboard.http.HttpDelivery;
import dev.switchboard.http.ReliabilityHeaders;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.http.Requests;
import dev.switchboard.pipeline.EmbeddingsAttempt;
import dev.switchboard.pipeline.ModelCall;
import dev.switchboard.pipeline.ModelPipeline;
import dev.switchboard.pipeline.RequestContext;
import io.javalin.http.Context;
import io.javalin.http.Handler;

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
                    new EmbeddingsAttempt(request, parsed, dialect), ReliabilityHeaders.read(ctx));
        } catch (RuntimeException e) {
            pipeline.refused(request, ENDPOINT, embeddings == null ? null : embeddings.model(), false, null, e);
            throw e;
        }
        pipeline.call(call, new HttpDelivery(ctx, dialect));
    }
}
