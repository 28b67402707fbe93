package dev.switchboard.routing.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.catalog.ModelNames;
import dev.switchboard.routing.data.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnnQualityPredictorTest {
    private static final QualityPredictor NO_PRIORS = (embedding, task, models) -> Map.of();
    private static final ModelNames NAMES = new ModelNames(ModelCatalog.of(List.of()));

    /*
     * Ten "code" prompts near axis x where model "coder" scores 1 and "chatter" 0, and ten "chat"
     * prompts near axis y where it is the other way round. Each model's overall mean is 0.5.
     */
    private static ReferenceSet twoClusters() {
        List<Example> examples = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            float jitter = i / 100f;
            examples.add(new Example("code " + i, "", Map.of("coder", 1.0, "chatter", 0.0), Map.of()));
            vectors.add(unit(1, jitter, 0));
            examples.add(new Example("chat " + i, "", Map.of("coder", 0.0, "chatter", 1.0), Map.of()));
            vectors.add(unit(jitter, 1, 0));
        }
        return ReferenceSet.of(examples, vectors);
    }

    @Test
    void aPromptCloseToReferencePromptsGetsTheirScores() {
        KnnQualityPredictor predictor = new KnnQualityPredictor(twoClusters(), 5, 0, 8, NAMES, NO_PRIORS);

        Map<String, Double> predicted = predictor.predict(unit(1, 0.02f, 0), "", List.of("coder", "chatter"));

        assertThat(predicted.get("coder")).isCloseTo(1.0, within(1e-9));
        assertThat(predicted.get("chatter")).isCloseTo(0.0, within(1e-9));
    }

    /*
     * A prompt along z has similarity 0 to every reference prompt, so every neighbour's weight is
     * 0 and the prediction is the model's overall mean, 0.5.
     */
    @Test
    void aPromptUnlikeAnyReferencePromptFallsBackToTheModelsMean() {
        KnnQualityPredictor predictor = new KnnQualityPredictor(twoClusters(), 5, 1, 8, NAMES, NO_PRIORS);

        Map<String, Double> predicted = predictor.predict(unit(0, 0, 1), "", List.of("coder"));

        assertThat(predicted.get("coder")).isCloseTo(0.5, within(1e-9));
    }

    /* Five neighbours of weight 1 each with score 1, shrinkage 5 toward the mean 0.5: (5·1 + 5·0.5) / (5 + 5) = 0.75. */
    @Test
    void shrinkageActsAsThatManyPseudoNeighboursAtTheModelsMean() {
        KnnQualityPredictor predictor = new KnnQualityPredictor(twoClusters(), 5, 5, 0, NAMES, NO_PRIORS);

        Map<String, Double> predicted = predictor.predict(unit(1, 0, 0), "", List.of("coder"));

        assertThat(predicted.get("coder")).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void aModelWithoutOutcomeDataGetsThePriorAndAnUnknownOneNothing() {
        QualityPredictor priors = (embedding, task, models) -> models.contains("new-model") ? Map.of("new-model", 0.6) : Map.of();
        KnnQualityPredictor predictor = new KnnQualityPredictor(twoClusters(), NAMES, priors);

        Map<String, Double> predicted = predictor.predict(unit(1, 0, 0), "code", List.of("coder", "new-model", "mystery"));

        assertThat(predicted).containsOnlyKeys("coder", "new-model");
        assertThat(predicted.get("new-model")).isEqualTo(0.6);
    }

    @Test
    void aCandidateNamedWithAVendorPrefixFindsTheReferenceSetsOutcomes() {
        KnnQualityPredictor predictor = new KnnQualityPredictor(twoClusters(), 5, 0, 8, NAMES, NO_PRIORS);

        Map<String, Double> predicted = predictor.predict(unit(1, 0.02f, 0), "", List.of("acme/coder", "Chatter"));

        assertThat(predicted.get("acme/coder")).isCloseTo(1.0, within(1e-9));
        assertThat(predicted.get("Chatter")).isCloseTo(0.0, within(1e-9));
    }

    /* "coder" could be acme/coder or other/coder: the request is still routed, on the prior, never on a guessed record. */
    @Test
    void aCandidateNameThatFitsSeveralReferenceModelsIsPredictedFromItsPriorInsteadOfFailing() {
        List<Example> examples = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        examples.add(new Example("code", "", Map.of("acme/coder", 1.0, "other/coder", 0.0), Map.of()));
        vectors.add(unit(1, 0, 0));
        QualityPredictor priors = (embedding, task, models) -> Map.of("coder", 0.6);
        KnnQualityPredictor predictor = new KnnQualityPredictor(ReferenceSet.of(examples, vectors), 5, 0, 8, NAMES, priors);

        Map<String, Double> predicted = predictor.predict(unit(1, 0, 0), "", List.of("coder"));

        assertThat(predicted).containsExactly(Map.entry("coder", 0.6));
    }

    private static float[] unit(float x, float y, float z) {
        float norm = (float) Math.sqrt(x * x + y * y + z * z);
        return new float[] {x / norm, y / norm, z / norm};
    }
}
