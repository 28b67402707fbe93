package dev.switchboard.routing.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

/**
 * BGE small v1.5 (quantized, 384 dimensions) run by ONNX Runtime inside the JVM: no network, no
 * service to run, the model shipped in a jar from Maven Central.
 *
 * <p>Only the prompt's first {@link #MAX_CHARS} characters are embedded. The cost of a transformer
 * grows with its input, and what a prompt asks for shows in its opening: its instruction, its
 * question, the start of its code. The cap keeps a 2,000-token prompt within the routing budget
 * (docs/routing.md has the measurements).
 */
public final class OnnxPromptEmbedder implements PromptEmbedder {
    // About 128 tokens of English: the opening that carries the task.
    static final int MAX_CHARS = 512;

    private final EmbeddingModel model = new BgeSmallEnV15QuantizedEmbeddingModel();

    @Override
    public float[] embed(String prompt) {
        String opening = prompt.length() <= MAX_CHARS ? prompt : prompt.substring(0, MAX_CHARS);
        float[] vector = model.embed(opening.isBlank() ? "(empty)" : opening).content().vector();
        return Vectors.normalised(vector);
    }
}
