package dev.switchboard.rag.index;

import dev.switchboard.rag.Fusion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.ScoreDoc;

/**
 * Merges a lexical and a semantic ranking into one ({@link Fusion}). Ties keep the order of first
 * appearance, lexical first, so results are deterministic.
 */
final class Fusions {
    private Fusions() {
    }

    static List<ScoreDoc> fuse(List<ScoreDoc> lexical, List<ScoreDoc> semantic, Fusion fusion) {
        Map<Integer, double[]> scores = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        double lexicalWeight = 1 - fusion.vectorWeight();
        switch (fusion.method()) {
            case RRF -> {
                add(lexical, scores, order, (rank, d) -> lexicalWeight / (fusion.rrfK() + rank));
                add(semantic, scores, order, (rank, d) -> fusion.vectorWeight() / (fusion.rrfK() + rank));
            }
            case WEIGHTED -> {
                Normal l = Normal.of(lexical);
                Normal s = Normal.of(semantic);
                add(lexical, scores, order, (rank, d) -> lexicalWeight * l.apply(d.score));
                add(semantic, scores, order, (rank, d) -> fusion.vectorWeight() * s.apply(d.score));
            }
        }
        List<ScoreDoc> out = new ArrayList<>(order.size());
        for (int doc : order) {
            out.add(new ScoreDoc(doc, (float) scores.get(doc)[0]));
        }
        // A stable sort: equal scores keep first-appearance order.
        out.sort((a, b) -> Float.compare(b.score, a.score));
        return out;
    }

    @FunctionalInterface
    private interface Contribution {
        double of(int rank, ScoreDoc doc);
    }

    private static void add(List<ScoreDoc> ranking, Map<Integer, double[]> scores, List<Integer> order, Contribution contribution) {
        for (int i = 0; i < ranking.size(); i++) {
            ScoreDoc d = ranking.get(i);
            double[] total = scores.get(d.doc);
            if (total == null) {
                total = new double[1];
                scores.put(d.doc, total);
                order.add(d.doc);
            }
            total[0] += contribution.of(i + 1, d);
        }
    }

    /** Min-max normalisation over one list's candidates; a list of equal scores maps them all to 1. */
    private record Normal(double min, double range) {
        static Normal of(List<ScoreDoc> ranking) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (ScoreDoc d : ranking) {
                min = Math.min(min, d.score);
                max = Math.max(max, d.score);
            }
            return new Normal(min, max - min);
        }

        double apply(double score) {
            return range > 0 ? (score - min) / range : 1;
        }
    }
}
