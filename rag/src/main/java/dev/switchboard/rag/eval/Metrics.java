package dev.switchboard.rag.eval;

import java.util.List;
import java.util.Map;

/**
 * The retrieval metrics BEIR reports, for one query's ranked document ids against its judgements
 * (as {@code pytrec_eval} computes them: graded gains, log2 discounts, the ideal ranking from the
 * judgements).
 */
public final class Metrics {
    private Metrics() {
    }

    /** nDCG at {@code k}: gain {@code rel} at rank i discounted by log2(i + 1), over the ideal. */
    public static double ndcg(List<String> ranked, Map<String, Integer> judged, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            int rel = judged.getOrDefault(ranked.get(i), 0);
            if (rel > 0) {
                dcg += rel / log2(i + 2);
            }
        }
        List<Integer> ideal = judged.values().stream().filter(r -> r > 0).sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Recall at {@code k}: the share of relevant documents found in the first k. */
    public static double recall(List<String> ranked, Map<String, Integer> judged, int k) {
        long relevant = judged.values().stream().filter(r -> r > 0).count();
        if (relevant == 0) {
            return 0;
        }
        long found = ranked.stream().limit(k).filter(id -> judged.getOrDefault(id, 0) > 0).count();
        return (double) found / relevant;
    }

    /** Reciprocal rank of the first relevant document within the first {@code k}, else 0. */
    public static double mrr(List<String> ranked, Map<String, Integer> judged, int k) {
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (judged.getOrDefault(ranked.get(i), 0) > 0) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
