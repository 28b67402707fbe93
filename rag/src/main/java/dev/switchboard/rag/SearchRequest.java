package dev.switchboard.rag;

import java.util.Map;

/**
 * A search of one collection.
 *
 * @param query   the text to search for; never blank
 * @param mode    lexical, semantic or hybrid
 * @param topK    how many chunks to return, 1 to {@value #MAX_TOP_K}
 * @param filters metadata that every hit's document must carry exactly (field to value), combined with AND
 * @param fusion  how hybrid search merges its two rankings
 * @param perDocument whether to return each document once, by its best chunk (as retrieval benchmarks judge)
 */
public record SearchRequest(String query, SearchMode mode, int topK, Map<String, String> filters, Fusion fusion, boolean perDocument) {
    public static final int MAX_TOP_K = 1000;
    /** Longer queries are someone's document pasted by mistake, and BM25 over them is slow. */
    public static final int MAX_QUERY_CHARS = 4096;

    public SearchRequest {
        if (query == null || query.isBlank()) {
            throw RagException.invalid("query", "The query is empty: give the text to search for.");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw RagException.invalid("query", "The query has " + query.length() + " characters; at most " + MAX_QUERY_CHARS + " are searched.");
        }
        mode = mode == null ? SearchMode.HYBRID : mode;
        if (topK < 1 || topK > MAX_TOP_K) {
            throw RagException.invalid("top_k", "Invalid top_k: " + topK + "; expected 1 to " + MAX_TOP_K + ".");
        }
        filters = filters == null ? Map.of() : Map.copyOf(filters);
        fusion = fusion == null ? Fusion.DEFAULT : fusion;
    }

    public static SearchRequest of(String query, SearchMode mode, int topK) {
        return new SearchRequest(query, mode, topK, Map.of(), null, false);
    }
}
