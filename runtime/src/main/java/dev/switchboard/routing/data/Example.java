package dev.switchboard.routing.data;

import java.util.Map;
import java.util.Objects;

/**
 * One prompt of routing outcome data: how well each model answered it and what that cost.
 *
 * @param prompt   the prompt's text
 * @param category the task or data set it belongs to, e.g. {@code mbpp}; empty when unknown
 * @param scores   each model's outcome score in [0, 1] (1 = right / preferred)
 * @param costsUsd each model's cost of answering, in USD; models without a known cost are absent
 */
public record Example(String prompt, String category, Map<String, Double> scores, Map<String, Double> costsUsd) {
    public Example {
        Objects.requireNonNull(prompt, "prompt");
        category = category == null ? "" : category;
        scores = Map.copyOf(scores);
        costsUsd = Map.copyOf(costsUsd);
        scores.forEach((model, score) -> {
            if (!(score >= 0 && score <= 1)) {
                throw new IllegalArgumentException("score of " + model + " must be in [0, 1], got " + score);
            }
        });
        costsUsd.forEach((model, cost) -> {
            if (!(cost >= 0)) {
                throw new IllegalArgumentException("cost of " + model + " must not be negative, got " + cost);
            }
        });
    }
}
