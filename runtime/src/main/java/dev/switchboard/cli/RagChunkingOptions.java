package dev.switchboard.cli;

import dev.switchboard.rag.CollectionSettings;
import picocli.CommandLine.Option;

/** How a collection (or an evaluation's index) chunks and stores its vectors: the options {@code rag index} and {@code rag eval} share. */
final class RagChunkingOptions {
    @Option(names = "--chunk-tokens", paramLabel = "N", description = "The largest chunk, in tokens (default 256; rag index: for a new collection).")
    Integer chunkTokens;

    @Option(names = "--overlap-tokens", paramLabel = "N", description = "Tokens a chunk repeats from the one before (default 32).")
    Integer overlapTokens;

    @Option(names = "--quantized", description = "Store vectors scalar-quantised (int8).")
    boolean quantized;

    /** The in-process model with these settings, defaults where unset. @throws dev.switchboard.rag.RagException for bad values */
    CollectionSettings settings() {
        CollectionSettings d = CollectionSettings.DEFAULT;
        return new CollectionSettings(d.embeddingModel(), chunkTokens == null ? d.chunkTokens() : chunkTokens,
                overlapTokens == null ? d.overlapTokens() : overlapTokens, quantized);
    }
}
