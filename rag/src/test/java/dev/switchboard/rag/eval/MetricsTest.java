package dev.switchboard.rag.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final Map<String, Integer> JUDGED = Map.of("a", 1, "b", 1);

    @Test
    void ndcgIsOneForTheIdealRankingAndDiscountsLaterHits() {
        assertThat(Metrics.ndcg(List.of("a", "b", "x"), JUDGED, 10)).isEqualTo(1.0);
        // DCG = 1/log2(3) + 1/log2(4) = 0.6309 + 0.5; IDCG = 1 + 0.6309.
        assertThat(Metrics.ndcg(List.of("x", "a", "b"), JUDGED, 10)).isCloseTo((0.63093 + 0.5) / 1.63093, within(1e-4));
        assertThat(Metrics.ndcg(List.of("x", "y"), JUDGED, 10)).isZero();
    }

    @Test
    void recallCountsRelevantDocumentsWithinTheCutOff() {
        assertThat(Metrics.recall(List.of("a", "x", "b"), JUDGED, 2)).isEqualTo(0.5);
        assertThat(Metrics.recall(List.of("a", "x", "b"), JUDGED, 100)).isEqualTo(1.0);
    }

    @Test
    void mrrIsTheReciprocalRankOfTheFirstRelevantDocument() {
        assertThat(Metrics.mrr(List.of("x", "y", "b"), JUDGED, 10)).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(Metrics.mrr(List.of("x", "y", "b"), JUDGED, 2)).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(Evaluation.percentile(sorted, 0.5)).isEqualTo(5);
        assertThat(Evaluation.percentile(sorted, 0.99)).isEqualTo(10);
    }
}
