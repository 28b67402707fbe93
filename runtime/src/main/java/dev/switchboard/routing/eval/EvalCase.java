package dev.switchboard.routing.eval;

import java.util.Map;

/**
 * One evaluation prompt: what each candidate really scored and cost on it, and what the router
 * predicted before seeing either.
 *
 * @param scores           each candidate's outcome score in [0, 1]
 * @param costsUsd         each candidate's real cost in USD
 * @param predictedQuality each candidate's predicted quality in [0, 1]
 * @param predictedCostUsd each candidate's predicted cost in USD
 */
public record EvalCase(Map<String, Double> scores, Map<String, Double> costsUsd,
                       Map<String, Double> predictedQuality, Map<String, Double> predictedCostUsd) {
    public EvalCase {
        scores = Map.copyOf(scores);
        costsUsd = Map.copyOf(costsUsd);
        predictedQuality = Map.copyOf(predictedQuality);
        predictedCostUsd = Map.copyOf(predictedCostUsd);
    }
}
