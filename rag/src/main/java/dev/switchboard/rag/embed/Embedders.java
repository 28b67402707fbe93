package dev.switchboard.rag.embed;

/**
 * The embedder for a collection's model, on behalf of one caller: the runtime implements it per
 * request so a gateway-served model is billed to that caller's key.
 */
@FunctionalInterface
public interface Embedders {

    /**
     * @param model a collection's {@code embedding_model}
     * @throws dev.switchboard.rag.RagException when no such model can embed
     */
    Embedder forModel(String model);

    /** Only the in-process model: what the CLI and the evaluation use. */
    static Embedders localOnly() {
        return model -> {
            if (!dev.switchboard.rag.CollectionSettings.LOCAL_MODEL.equals(model)) {
                throw dev.switchboard.rag.RagException.invalid("embedding_model", "The embedding model '" + model
                        + "' is served by the gateway: index through the running gateway's API, or use '"
                        + dev.switchboard.rag.CollectionSettings.LOCAL_MODEL + "'.");
            }
            return LocalEmbedder.shared();
        };
    }
}
