package dev.switchboard.rag;

/**
 * How hybrid search merges its lexical and semantic rankings.
 *
 * @param method       reciprocal-rank fusion or a weighted sum of normalised scores
 * @param rrfK         RRF's rank constant: a chunk at rank r (from 1) in a list adds {@code weight / (rrfK + r)}
 * @param vectorWeight the semantic list's share, in [0, 1]; the lexical list gets {@code 1 - vectorWeight}
 * @param depth        how many candidates each list contributes before fusing
 */
public record Fusion(Method method, int rrfK, double vectorWeight, int depth) {

    /** The fusion methods. */
    public enum Method {
        /** Reciprocal-rank fusion: ranks only, robust to score scales. */
        RRF,
        /** Weighted sum of scores, each list min-max normalised over its candidates. */
        WEIGHTED
    }

    /**
     * The default, tuned on SciFact's train claims (docs/rag.md): weighted fusion, 0.7 of the
     * semantic score, over 100 candidates from each list.
     */
    public static final Fusion DEFAULT = new Fusion(Method.WEIGHTED, 60, 0.7, 100);

    public Fusion {
        if (method == null) {
            throw RagException.invalid("fusion", "Missing fusion method: expected 'rrf' or 'weighted'.");
        }
        if (rrfK < 1) {
            throw RagException.invalid("fusion.rrf_k", "Invalid 'rrf_k': " + rrfK + "; expected a positive integer.");
        }
        if (!(vectorWeight >= 0 && vectorWeight <= 1)) {
            throw RagException.invalid("fusion.vector_weight", "Invalid 'vector_weight': " + vectorWeight + "; expected a number in [0, 1].");
        }
        if (depth < 1 || depth > 1000) {
            throw RagException.invalid("fusion.depth", "Invalid 'depth': " + depth + "; expected 1 to 1000.");
        }
    }
}
