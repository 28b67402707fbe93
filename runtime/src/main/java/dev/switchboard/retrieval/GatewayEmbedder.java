package dev.switchboard.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.dialect.openai.OpenAiDialect;
import dev.switchboard.dialect.openai.OpenAiEmbeddingsRequest;
import dev.switchboard.error.GatewayException;
import dev.switchboard.pipeline.CapturedDelivery;
import dev.switchboard.pipeline.EmbeddingsAttempt;
import dev.switchboard.pipeline.ModelCall;
import dev.switchboard.pipeline.ModelPipeline;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.rag.embed.Embedder;
import dev.switchboard.routing.embed.Vectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A collection's embedding model served by the gateway: each batch is an embeddings call through
 * the {@link ModelPipeline} on the caller's behalf — model rules, rate limits, budget, failover,
 * and a ledger row under the caller's key (endpoint {@value #ENDPOINT}, tagged with the collection),
 * exactly as a {@code POST /v1/embeddings} of the same texts would be.
 */
final class GatewayEmbedder implements Embedder {
    static final String ENDPOINT = "embeddings";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelPipeline pipeline;
    private final OpenAiDialect dialect;
    private final Caller caller;
    private final String model;
    private final String tag;

    GatewayEmbedder(ModelPipeline pipeline, OpenAiDialect dialect, Caller caller, String model, String tag) {
        this.pipeline = pipeline;
        this.dialect = dialect;
        this.caller = caller;
        this.model = model;
        this.tag = tag;
    }

    @Override
    public List<float[]> embed(List<String> texts, Purpose purpose) {
        ObjectNode request = JSON.createObjectNode().put("model", model);
        texts.forEach(request.putArray("input")::add);
        byte[] body = request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        OpenAiEmbeddingsRequest parsed = OpenAiEmbeddingsRequest.parse(body);
        RequestContext context = RequestContext.inProcess(caller, tag);
        CapturedDelivery delivery = new CapturedDelivery();
        pipeline.call(new ModelCall(context, ENDPOINT, model, body.length, ModelCall.Price.INPUT,
                new EmbeddingsAttempt(context, parsed, dialect), null), delivery);
        return vectors(delivery.body(), texts.size());
    }

    /** The vectors of an OpenAI embeddings answer, in input order, normalised. */
    private List<float[]> vectors(byte[] answer, int expected) {
        try {
            JsonNode data = JSON.readTree(answer).path("data");
            float[][] out = new float[expected][];
            for (JsonNode item : data) {
                int index = item.path("index").asInt(-1);
                JsonNode values = item.path("embedding");
                if (index < 0 || index >= expected || !values.isArray()) {
                    throw bad("an item without a valid index and float embedding");
                }
                float[] v = new float[values.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) values.get(i).asDouble();
                }
                out[index] = Vectors.normalised(v);
            }
            List<float[]> list = new ArrayList<>(expected);
            for (float[] v : out) {
                if (v == null) {
                    throw bad(data.size() + " embeddings for " + expected + " inputs");
                }
                list.add(v);
            }
            return list;
        } catch (IOException e) {
            throw bad("an answer that is not JSON");
        }
    }

    private GatewayException bad(String what) {
        return new GatewayException.UpstreamUnavailable("The embedding model '" + model + "' returned " + what + ".");
    }
}
