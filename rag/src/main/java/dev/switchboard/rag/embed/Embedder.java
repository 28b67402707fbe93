package dev.switchboard.rag.embed;

import java.util.List;

/**
 * Turns texts into vectors: the in-process ONNX model ({@link LocalEmbedder}) or, implemented by the
 * runtime, an embedding model the gateway serves, called through its model pipeline so the cost lands
 * in the caller's ledger. Implementations are thread-safe. Vectors are compared by dot product, so an
 * implementation returns them normalised to unit length.
 */
@FunctionalInterface
public interface Embedder {

    /** What a text is, for models that embed a query differently from a passage (BGE prefixes queries). */
    enum Purpose {
        QUERY,
        DOCUMENT
    }

    /**
     * @return one unit-length vector per text, in order, all of one length
     * @throws dev.switchboard.rag.RagException or a runtime exception of the implementation when the model fails
     */
    List<float[]> embed(List<String> texts, Purpose purpose);
}
