package dev.switchboard.routing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.routing.eval.RouterMetrics.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterMetricsTest {
    private static final double EPS = 1e-9;

    /*
     * 4 prompts. strong = [1, 1, 1, 0] (mean 0.75), weak = [0, 1, 0, 0] (mean 0.25), gap 0.5.
     * The router's scores [0.9, 0.1, 0.5, 0.3] send prompts 0, 2, 3, 1 to the strong model in that order.
     * Summed performance starts at the weak sum, 1, and gains strong − weak per prompt moved:
     *   after prompt 0: 2 → perf 0.50 → PGR (0.50 − 0.25) / 0.5 = 0.5
     *   after prompt 2: 3 → perf 0.75 → PGR 1
     *   after prompts 3 and 1: gains 0, PGR stays 1.
     * Curve (0,0) (.25,.5) (.5,1) (.75,1) (1,1).
     * APGR = .25·(0+.5)/2 + .25·(.5+1)/2 + .25·1 + .25·1 = .0625 + .1875 + .25 + .25 = 0.75.
     * CPT(50%) = 0.25; CPT(80%) = .25 + (.8 − .5)/(1 − .5) · .25 = 0.40.
     */
    private static final double[] STRONG = {1, 1, 1, 0};
    private static final double[] WEAK = {0, 1, 0, 0};
    private static final double[] ROUTER = {0.9, 0.1, 0.5, 0.3};

    @Test
    void thePgrCurveMovesPromptsToTheStrongModelInRouterScoreOrder() {
        assertThat(RouterMetrics.pgrCurve(ROUTER, STRONG, WEAK)).containsExactly(
                new Point(0, 0), new Point(0.25, 0.5), new Point(0.5, 1), new Point(0.75, 1), new Point(1, 1));
    }

    @Test
    void apgrIsTheAreaUnderTheHandWorkedCurve() {
        assertThat(RouterMetrics.area(RouterMetrics.pgrCurve(ROUTER, STRONG, WEAK))).isCloseTo(0.75, within(EPS));
    }

    @Test
    void cptInterpolatesTheStrongCallFractionWherePgrIsReached() {
        List<Point> curve = RouterMetrics.pgrCurve(ROUTER, STRONG, WEAK);

        assertThat(RouterMetrics.firstReaching(curve, 0.5)).isCloseTo(0.25, within(EPS));
        assertThat(RouterMetrics.firstReaching(curve, 0.8)).isCloseTo(0.40, within(EPS));
    }

    @Test
    void aRouterThatCannotTellPromptsApartIsTheDiagonalWithApgrOneHalf() {
        List<Point> curve = RouterMetrics.pgrCurve(new double[] {0.3, 0.3, 0.3, 0.3}, STRONG, WEAK);

        assertThat(curve).containsExactly(new Point(0, 0), new Point(1, 1));
        assertThat(RouterMetrics.area(curve)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void aCurveThatNeverReachesTheTargetHasNoCpt() {
        assertThat(RouterMetrics.firstReaching(List.of(new Point(0, 0), new Point(1, 0.7)), 0.8)).isNaN();
    }

    /*
     * Points (1, .5) (2, .9) (3, .8) (4, 1.0) over the cost range [1, 4].
     * (3, .8) costs more than (2, .9) for less, so it is off the non-decreasing hull; (2, .9) lies
     * above the chord from (1, .5) to (4, 1), so it stays. Area = 1·(.5+.9)/2 + 2·(.9+1)/2 = .7 + 1.9 = 2.6;
     * AIQ = 2.6 / 3 = 0.8667.
     */
    @Test
    void aiqIsTheAreaUnderTheNonDecreasingHullOverTheCostRange() {
        List<Point> points = List.of(new Point(1, .5), new Point(2, .9), new Point(3, .8), new Point(4, 1.0));

        assertThat(RouterMetrics.nonDecreasingHull(points)).containsExactly(new Point(1, .5), new Point(2, .9), new Point(4, 1.0));
        assertThat(RouterMetrics.aiq(points, 1, 4)).isCloseTo(2.6 / 3, within(EPS));
    }

    /* (2, .6) lies below the chord (1, .5)–(3, .9) (which passes .7 at cost 2): mixing beats it. AIQ = 2·(.5+.9)/2 / 2 = 0.7. */
    @Test
    void aPointBelowTheChordOfItsNeighboursIsReplacedByTheirMixture() {
        List<Point> points = List.of(new Point(1, .5), new Point(2, .6), new Point(3, .9));

        assertThat(RouterMetrics.nonDecreasingHull(points)).containsExactly(new Point(1, .5), new Point(3, .9));
        assertThat(RouterMetrics.aiq(points, 1, 3)).isCloseTo(0.7, within(EPS));
    }

    /* A single point (2, .8) over [1, 3]: nothing reachable below cost 2 (0), then flat .8: AIQ = (0 + .8) / 2 = 0.4. */
    @Test
    void costsBelowTheRoutersCheapestPointCountAsZeroQuality() {
        assertThat(RouterMetrics.aiq(List.of(new Point(2, .8)), 1, 3)).isCloseTo(0.4, within(EPS));
    }
}
