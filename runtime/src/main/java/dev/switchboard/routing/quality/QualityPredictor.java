package dev.switchboard.routing.quality;

import java.util.Collection;
import java.util.Map;

/**
 * Predicts how well each candidate model would answer a prompt, as a score in [0, 1] on the
 * scale of the outcome data it learned from (1 = the answer is right / preferred). Thread-safe.
 */
@FunctionalInterface
public interface QualityPredictor {
    /**
     * @param embedding the prompt's unit vector ({@link dev.switchboard.routing.embed.PromptEmbedder})
     * @param task      the recognised task, e.g. {@code code}; predictors without data for a model fall back to a per-task prior
     * @param models    the candidates, by the names the predictor's data uses
     * @return a prediction for every candidate it can score; a model it knows nothing about is left out
     */
    Map<String, Double> predict(float[] embedding, String task, Collection<String> models);
}
