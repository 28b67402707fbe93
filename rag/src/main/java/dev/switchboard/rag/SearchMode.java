package dev.switchboard.rag;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a query finds chunks. */
public enum SearchMode {
    /** Lexical: BM25 over the chunks' words, stemmed by Lucene's English analyzer. */
    BM25,
    /** Semantic: nearest neighbours of the query's embedding in the collection's HNSW graph. */
    VECTOR,
    /** Both, fused ({@link Fusion}): the default. */
    HYBRID;

    /** @throws RagException naming the accepted values */
    public static SearchMode parse(String field, String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw RagException.invalid(field, "Invalid '" + field + "': '" + value + "'; expected one of "
                    + Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ".");
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
