package dev.switchboard.pipeline;

import dev.switchboard.deployment.Deployment;
import dev.switchboard.dialect.openai.OpenAiDialect;
import dev.switchboard.dialect.openai.OpenAiEmbeddingsRequest;
import dev.switchboard.dialect.openai.OpenAiWholeAnswer;
import dev.switchboard.error.GatewayException;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.EmbeddingsProvider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.reliability.Attempt;
import java.util.Map;

/**
 * The attempt of an embeddings call on one deployment, for {@code POST /v1/embeddings} and for
 * callers inside the gateway (a retrieval collection embedding with a gateway model) alike: the
 * request's body with the model rewritten, to the deployment's embeddings endpoint; the answer
 * verbatim in OpenAI's format, its usage priced.
 */
public final class EmbeddingsAttempt implements Attempt<ReadyAnswer> {
    private final RequestContext request;
    private final OpenAiEmbeddingsRequest embeddings;
    private final OpenAiDialect dialect;

    public EmbeddingsAttempt(RequestContext request, OpenAiEmbeddingsRequest embeddings, OpenAiDialect dialect) {
        this.request = request;
        this.embeddings = embeddings;
        this.dialect = dialect;
    }

    /** @throws GatewayException.InvalidRequest when the deployment's provider has no embeddings endpoint */
    @Override
    public ReadyAnswer run(Deployment deployment, CallControl control) {
        if (!(deployment.provider() instanceof EmbeddingsProvider provider)) {
            throw new GatewayException.InvalidRequest("The model '" + embeddings.model() + "' is served by provider '"
                    + deployment.provider().name() + "', which has no embeddings endpoint.", "model");
        }
        UpstreamCall call = new UpstreamCall(deployment.upstreamModel(), embeddings.bodyFor(deployment.upstreamModel()), false,
                request.id(), Map.of(), control);
        return PassThrough.call(call, provider::embeddings, dialect, deployment.pricing(), OpenAiWholeAnswer::read, null);
    }
}
