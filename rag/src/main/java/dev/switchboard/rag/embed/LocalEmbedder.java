package dev.switchboard.rag.embed;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * BGE small English v1.5, int8-quantised, run in process by ONNX Runtime through LangChain4j: no
 * network, no key, 384 dimensions. Queries get BGE's retrieval instruction ("Represent this
 * sentence for searching relevant passages: "), as its authors recommend for short queries
 * against passages; passages are embedded as they are.
 *
 * <p>Texts are embedded in batches on the calling thread's share of ONNX Runtime's intra-op pool.
 * The model (24 MB) loads on first use and stays for the life of the process: one per JVM.
 */
public final class LocalEmbedder implements Embedder {
    static final String QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    private static volatile LocalEmbedder shared;

    private final EmbeddingModel model;

    private LocalEmbedder() {
        // A same-thread executor: LangChain4j's default spreads one batch over a thread pool, which on
        // a two-core machine only adds hand-offs to ONNX Runtime's own parallelism.
        this.model = new BgeSmallEnV15QuantizedEmbeddingModel(Runnable::run);
    }

    /** The process's one local model, loaded on first call. */
    public static LocalEmbedder shared() {
        LocalEmbedder local = shared;
        if (local == null) {
            synchronized (LocalEmbedder.class) {
                local = shared;
                if (local == null) {
                    local = new LocalEmbedder();
                    shared = local;
                }
            }
        }
        return local;
    }

    @Override
    public List<float[]> embed(List<String> texts, Purpose purpose) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(purpose == Purpose.QUERY ? QUERY_INSTRUCTION + text : text));
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        model.embedAll(segments).content().forEach(e -> {
            e.normalize();
            vectors.add(e.vector());
        });
        return vectors;
    }
}
