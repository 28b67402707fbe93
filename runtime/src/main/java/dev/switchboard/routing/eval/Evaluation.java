package dev.switchboard.routing.eval;

import dev.switchboard.routing.choice.Candidate;
import dev.switchboard.routing.choice.TradeOff;
import dev.switchboard.routing.eval.RouterMetrics.Point;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scores a router's predictions on evaluation prompts with the RouteLLM and RouterBench metrics,
 * next to the baselines: the random router, the zero router (single models and their mixtures)
 * and the oracle (which knows every outcome).
 *
 * <p>Multi-model: the router ranks the candidates with {@link TradeOff#rank} for each
 * quality-versus-cost weight in {@link #WEIGHTS}, from each candidate's predicted quality and
 * predicted cost; each weight gives one (mean real cost, mean real score) point. The oracle does
 * the same with the real scores and costs.
 *
 * <p>Two-model: with two candidates whose predicted costs are fixed per model, TradeOff prefers the
 * strong model exactly when its predicted quality lead exceeds a threshold that falls as the weight
 * rises, so the router is a threshold on that lead. The weights in [0, 1] only reach thresholds of
 * zero and above (the strong model must be predicted at least as good); RouteLLM's curve needs
 * every strong-call fraction from 0 to 1, so the sweep runs over all thresholds of the lead.
 */
public final class Evaluation {
    /** The quality-versus-cost weights swept: 0, 0.05, …, 1. */
    public static final double[] WEIGHTS = weights(20);

    private Evaluation() {
    }

    /** RouteLLM's metrics of one router: APGR in [0, 1] for a useful router; CPTs as strong-call fractions, NaN when never reached. */
    public record TwoModelMetrics(double apgr, double cpt50, double cpt80) {
        static TwoModelMetrics of(List<Point> pgrCurve) {
            return new TwoModelMetrics(RouterMetrics.area(pgrCurve),
                    RouterMetrics.firstReaching(pgrCurve, 0.5), RouterMetrics.firstReaching(pgrCurve, 0.8));
        }
    }

    /**
     * Two-model routing report. The random router's expected PGR at strong-call fraction c is c, and
     * so is the zero router's (mixing the two single models), hence one baseline for both.
     */
    public record TwoModelReport(String strong, String weak, double strongMeanScore, double weakMeanScore,
                                 TwoModelMetrics router, TwoModelMetrics randomAndZeroRouter, TwoModelMetrics oracle) {
    }

    /** A router configuration's outcome: the weight, the mean real cost per prompt and the mean real score. */
    public record SweepPoint(double weight, double meanCostUsd, double meanScore) {
    }

    /** One single model's mean real cost and score. */
    public record SingleModel(String model, double meanCostUsd, double meanScore) {
    }

    /** Multi-model routing report: AIQ over the single models' cost range for the router and the baselines. */
    public record MultiModelReport(List<String> candidates, double minCostUsd, double maxCostUsd,
                                   double routerAiq, double zeroRouterAiq, double randomAiq, double oracleAiq,
                                   SingleModel bestSingleModel, List<SingleModel> singleModels, List<SweepPoint> routerSweep) {
    }

    /** The RouteLLM metrics for routing between two candidates; the strong one is the one with the higher mean real score. */
    public static TwoModelReport twoModel(List<EvalCase> cases, String first, String second) {
        boolean firstStrong = meanOf(cases, c -> c.scores().get(first)) >= meanOf(cases, c -> c.scores().get(second));
        String strong = firstStrong ? first : second;
        String weak = firstStrong ? second : first;
        int n = cases.size();
        double[] strongScores = new double[n];
        double[] weakScores = new double[n];
        double[] predictedLead = new double[n];
        double[] realLead = new double[n];
        for (int i = 0; i < n; i++) {
            EvalCase c = cases.get(i);
            strongScores[i] = c.scores().get(strong);
            weakScores[i] = c.scores().get(weak);
            predictedLead[i] = c.predictedQuality().get(strong) - c.predictedQuality().get(weak);
            realLead[i] = strongScores[i] - weakScores[i];
        }
        List<Point> diagonal = List.of(new Point(0, 0), new Point(1, 1));
        return new TwoModelReport(strong, weak, RouterMetrics.mean(strongScores), RouterMetrics.mean(weakScores),
                TwoModelMetrics.of(RouterMetrics.pgrCurve(predictedLead, strongScores, weakScores)),
                TwoModelMetrics.of(diagonal),
                TwoModelMetrics.of(RouterMetrics.pgrCurve(realLead, strongScores, weakScores)));
    }

    /** RouterBench's AIQ for routing among {@code candidates}. */
    public static MultiModelReport multiModel(List<EvalCase> cases, List<String> candidates) {
        List<SingleModel> singles = candidates.stream()
                .map(m -> new SingleModel(m, meanOf(cases, c -> c.costsUsd().get(m)), meanOf(cases, c -> c.scores().get(m))))
                .toList();
        double minCost = singles.stream().mapToDouble(SingleModel::meanCostUsd).min().orElseThrow();
        double maxCost = singles.stream().mapToDouble(SingleModel::meanCostUsd).max().orElseThrow();
        List<Point> singlePoints = singles.stream().map(s -> new Point(s.meanCostUsd(), s.meanScore())).toList();
        Point random = new Point(singlePoints.stream().mapToDouble(Point::x).average().orElseThrow(),
                singlePoints.stream().mapToDouble(Point::y).average().orElseThrow());

        List<SweepPoint> routerSweep = sweep(cases, candidates, EvalCase::predictedQuality, EvalCase::predictedCostUsd);
        List<SweepPoint> oracleSweep = sweep(cases, candidates, EvalCase::scores, EvalCase::costsUsd);
        return new MultiModelReport(candidates, minCost, maxCost,
                RouterMetrics.aiq(points(routerSweep), minCost, maxCost),
                RouterMetrics.aiq(singlePoints, minCost, maxCost),
                RouterMetrics.aiq(List.of(random), minCost, maxCost),
                RouterMetrics.aiq(points(oracleSweep), minCost, maxCost),
                singles.stream().max(Comparator.comparingDouble(SingleModel::meanScore)).orElseThrow(),
                singles, routerSweep);
    }

    private static List<SweepPoint> sweep(List<EvalCase> cases, List<String> candidates,
                                          Function<EvalCase, Map<String, Double>> quality,
                                          Function<EvalCase, Map<String, Double>> cost) {
        List<SweepPoint> out = new ArrayList<>();
        for (double w : WEIGHTS) {
            double costSum = 0;
            double scoreSum = 0;
            for (EvalCase c : cases) {
                List<Candidate> options = candidates.stream()
                        .map(m -> new Candidate(m, clamp(quality.apply(c).get(m)), cost.apply(c).get(m), Double.NaN))
                        .toList();
                String chosen = TradeOff.rank(options, w).get(0).candidate().model();
                costSum += c.costsUsd().get(chosen);
                scoreSum += c.scores().get(chosen);
            }
            out.add(new SweepPoint(w, costSum / cases.size(), scoreSum / cases.size()));
        }
        return out;
    }

    private static List<Point> points(List<SweepPoint> sweep) {
        return sweep.stream().map(p -> new Point(p.meanCostUsd(), p.meanScore())).toList();
    }

    private static double meanOf(List<EvalCase> cases, Function<EvalCase, Double> value) {
        return cases.stream().mapToDouble(value::apply).average().orElse(Double.NaN);
    }

    private static double clamp(double quality) {
        return Math.min(1, Math.max(0, quality));
    }

    private static double[] weights(int steps) {
        double[] w = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            w[i] = (double) i / steps;
        }
        return w;
    }
}
