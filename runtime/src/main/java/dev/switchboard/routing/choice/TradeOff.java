package dev.switchboard.routing.choice;

import java.util.Comparator;
import java.util.List;

/**
 * The multi-objective choice: ranks candidates by {@code w · quality − (1 − w) · cost'}, where
 * {@code w} in [0, 1] is the caller's quality-versus-cost weight and {@code cost'} is the
 * candidate's cost relative to the dearest candidate's on a log scale, in [0, 1]. With {@code w = 1}
 * the best predicted quality wins whatever it costs; with {@code w = 0}, the cheapest.
 *
 * <p>Why a log scale: model prices span three orders of magnitude, and a linear scale would make
 * every model but the dearest look free. Why relative to the candidates: the same weight then
 * means the same trade-off for a one-cent request and a one-dollar one. Ties break on quality,
 * then on name, so a ranking is deterministic.
 */
public final class TradeOff {
    // Costs below a millionth of the dearest candidate's count as that floor: log(0) has no value.
    private static final double COST_FLOOR_RATIO = 1e-6;

    private TradeOff() {
    }

    /** The candidates, best first, each with its utility. */
    public static List<Ranked> rank(List<Candidate> candidates, double qualityWeight) {
        if (!(qualityWeight >= 0 && qualityWeight <= 1)) {
            throw new IllegalArgumentException("the quality weight must be in [0, 1], got " + qualityWeight);
        }
        double dearest = candidates.stream().mapToDouble(Candidate::costUsd).max().orElse(0);
        return candidates.stream()
                .map(c -> new Ranked(c, qualityWeight * c.quality() - (1 - qualityWeight) * relativeCost(c.costUsd(), dearest)))
                .sorted(Comparator.comparingDouble(Ranked::utility).reversed()
                        .thenComparing(r -> -r.candidate().quality())
                        .thenComparing(r -> r.candidate().model()))
                .toList();
    }

    /** A cost as a fraction of the dearest candidate's on a log scale: 1 for the dearest, 0 at or below a millionth of it. */
    static double relativeCost(double cost, double dearest) {
        if (dearest <= 0) {
            return 0;
        }
        double floor = dearest * COST_FLOOR_RATIO;
        double clamped = Math.max(cost, floor);
        return Math.log(clamped / floor) / Math.log(dearest / floor);
    }

    /** A candidate with its utility under the weight it was ranked with. */
    public record Ranked(Candidate candidate, double utility) {
    }
}
