package dev.switchboard.rag;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a collection embeds and chunks its documents. Chunking applies to documents ingested after a
 * change; the embedding model cannot change in place (every stored vector would have to be
 * recomputed): see {@link Collection#rebuild}.
 *
 * @param embeddingModel  {@value #LOCAL_MODEL} (in process, the default) or the name of an embedding model the gateway serves
 * @param chunkTokens     the largest chunk, in tokens (words and punctuation marks)
 * @param overlapTokens   how many tokens a chunk repeats from the end of the one before it
 * @param quantizedVectors whether vectors are stored scalar-quantised (int8: a quarter of the memory, a little recall lost)
 */
public record CollectionSettings(@JsonProperty("embedding_model") String embeddingModel,
                                 @JsonProperty("chunk_tokens") int chunkTokens,
                                 @JsonProperty("overlap_tokens") int overlapTokens,
                                 @JsonProperty("quantized_vectors") boolean quantizedVectors) {
    /** The in-process ONNX model: BGE small English v1.5, int8-quantised, 384 dimensions. */
    public static final String LOCAL_MODEL = "bge-small-en-v1.5";
    public static final int MAX_CHUNK_TOKENS = 2048;
    /**
     * 256 tokens: under BGE's 512-token window once split into word pieces, and about a
     * paragraph, which keeps a cited chunk readable.
     */
    public static final CollectionSettings DEFAULT = new CollectionSettings(LOCAL_MODEL, 256, 32, false);

    public CollectionSettings {
        embeddingModel = embeddingModel == null || embeddingModel.isBlank() ? LOCAL_MODEL : embeddingModel.strip();
        if (chunkTokens < 16 || chunkTokens > MAX_CHUNK_TOKENS) {
            throw RagException.invalid("chunk_tokens", "Invalid chunk size: " + chunkTokens + " tokens; expected 16 to " + MAX_CHUNK_TOKENS + ".");
        }
        if (overlapTokens < 0 || overlapTokens > chunkTokens / 2) {
            throw RagException.invalid("overlap_tokens", "Invalid chunk overlap: " + overlapTokens
                    + " tokens; expected 0 to half the chunk size (" + chunkTokens / 2 + ").");
        }
    }

    public boolean local() {
        return LOCAL_MODEL.equals(embeddingModel);
    }

    public CollectionSettings withEmbeddingModel(String model) {
        return new CollectionSettings(model, chunkTokens, overlapTokens, quantizedVectors);
    }
}
