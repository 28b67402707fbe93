package dev.switchboard.routing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    private static final double EPS = 1e-9;

    /* The RouterMetricsTest example as cases: "big" is strong, "small" weak; predicted leads 0.9, 0.1, 0.5, 0.3. */
    private static final List<EvalCase> CASES = List.of(
            twoModelCase(1, 0, 0.9),
            twoModelCase(1, 1, 0.1),
            twoModelCase(1, 0, 0.5),
            twoModelCase(0, 0, 0.3));

    @Test
    void twoModelRoutingPicksTheHigherScoringModelAsStrongWhicheverOrderItIsGiven() {
        Evaluation.TwoModelReport report = Evaluation.twoModel(CASES, "small", "big");

        assertThat(report.strong()).isEqualTo("big");
        assertThat(report.strongMeanScore()).isCloseTo(0.75, within(EPS));
        assertThat(report.weakMeanScore()).isCloseTo(0.25, within(EPS));
    }

    /*
     * Router APGR 0.75, CPT(50%) 0.25, CPT(80%) 0.40 as worked in RouterMetricsTest. The oracle moves the
     * two prompts the strong model alone gets right first: (0,0) (.5,1) (1,1) → APGR .25 + .5 = 0.75,
     * CPT(50%) .25, CPT(80%) .40 — this router already orders them perfectly. Random: the diagonal.
     */
    @Test
    void twoModelRoutingReportsRouteLlmMetricsForRouterRandomAndOracle() {
        Evaluation.TwoModelReport report = Evaluation.twoModel(CASES, "big", "small");

        assertThat(report.router().apgr()).isCloseTo(0.75, within(EPS));
        assertThat(report.router().cpt80()).isCloseTo(0.40, within(EPS));
        assertThat(report.oracle().apgr()).isCloseTo(0.75, within(EPS));
        assertThat(report.randomAndZeroRouter().apgr()).isCloseTo(0.5, within(EPS));
        assertThat(report.randomAndZeroRouter().cpt50()).isCloseTo(0.5, within(EPS));
    }

    /*
     * Two prompts, "cheap" costs $1 and "dear" $10 on both. Real scores: prompt A cheap 1, dear 1; prompt B
     * cheap 0, dear 1. Single models: cheap (1, .5), dear (10, 1). Zero router hull: the chord, area
     * 9·(.5+1)/2 = 6.75 over a range of 9 → AIQ 0.75. A router predicting the real scores sends A to
     * cheap and B to dear at middling weights: (5.5, 1), so its hull (1,.5)–(5.5,1)–flat gives
     * 4.5·1.5/2 + 4.5·1 = 3.375 + 4.5 = 7.875 → AIQ 0.875, equal to the oracle's.
     */
    @Test
    void multiModelRoutingWithPerfectPredictionsMatchesTheOracleAndBeatsTheZeroRouter() {
        List<EvalCase> cases = List.of(
                new EvalCase(Map.of("cheap", 1.0, "dear", 1.0), Map.of("cheap", 1.0, "dear", 10.0),
                        Map.of("cheap", 1.0, "dear", 1.0), Map.of("cheap", 1.0, "dear", 10.0)),
                new EvalCase(Map.of("cheap", 0.0, "dear", 1.0), Map.of("cheap", 1.0, "dear", 10.0),
                        Map.of("cheap", 0.0, "dear", 1.0), Map.of("cheap", 1.0, "dear", 10.0)));

        Evaluation.MultiModelReport report = Evaluation.multiModel(cases, List.of("cheap", "dear"));

        assertThat(report.zeroRouterAiq()).isCloseTo(0.75, within(EPS));
        assertThat(report.routerAiq()).isCloseTo(0.875, within(EPS));
        assertThat(report.oracleAiq()).isCloseTo(0.875, within(EPS));
        assertThat(report.bestSingleModel().model()).isEqualTo("dear");
    }

    private static EvalCase twoModelCase(double big, double small, double predictedLead) {
        return new EvalCase(Map.of("big", big, "small", small), Map.of("big", 0.01, "small", 0.001),
                Map.of("big", 0.5 + predictedLead / 2, "small", 0.5 - predictedLead / 2), Map.of("big", 0.01, "small", 0.001));
    }
}
