package dev.switchboard.routing.eval;

import dev.switchboard.catalog.ModelNames;
import dev.switchboard.routing.data.Example;
import dev.switchboard.routing.quality.QualityPredictor;
import dev.switchboard.routing.quality.ReferenceSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Turns outcome data into {@link EvalCase}s: either one trained router predicts every prompt, or
 * K-fold cross-validation trains a router on K−1 folds and predicts the held-out fold, K times.
 * Prompts are embedded once by the caller and the vectors reused by every fold.
 *
 * <p>A candidate's predicted cost for a prompt is its mean cost per prompt in the training data:
 * what a gateway knows before the answer is written. The predictor is asked with an unknown task,
 * so models without outcome data get the catalog's general (intelligence) prior.
 */
public final class OfflineEvaluation {
    private OfflineEvaluation() {
    }

    /**
     * Cases for every example, predicted by the predictor built from {@code reference}.
     *
     * @param names finds a candidate, named as in the examples, among the reference set's models
     */
    public static List<EvalCase> withReference(List<Example> examples, List<float[]> embeddings, List<String> candidates,
                                               ReferenceSet reference, ModelNames names,
                                               Function<ReferenceSet, QualityPredictor> predictor) {
        QualityPredictor trained = predictor.apply(reference);
        Map<String, Double> costs = meanCosts(reference, m -> names.resolve(m, reference.models()).orElse(m), examples, candidates);
        List<EvalCase> cases = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            cases.add(evalCase(examples.get(i), trained.predict(embeddings.get(i), "", candidates), costs));
        }
        return cases;
    }

    /** Out-of-fold cases for every example: K routers, each trained without one fold. */
    public static List<EvalCase> crossValidated(List<Example> examples, List<float[]> embeddings, List<String> candidates,
                                                int k, long seed, Function<ReferenceSet, QualityPredictor> predictor) {
        int[] fold = CrossValidation.folds(examples.size(), k, seed);
        EvalCase[] cases = new EvalCase[examples.size()];
        for (int f = 0; f < k; f++) {
            List<Example> trainExamples = new ArrayList<>();
            List<float[]> trainEmbeddings = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != f) {
                    trainExamples.add(examples.get(i));
                    trainEmbeddings.add(embeddings.get(i));
                }
            }
            ReferenceSet reference = ReferenceSet.of(trainExamples, trainEmbeddings);
            QualityPredictor trained = predictor.apply(reference);
            // Built from the examples themselves: the candidates are its models' own names.
            Map<String, Double> costs = meanCosts(reference, UnaryOperator.identity(), trainExamples, candidates);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == f) {
                    cases[i] = evalCase(examples.get(i), trained.predict(embeddings.get(i), "", candidates), costs);
                }
            }
        }
        return List.of(cases);
    }

    private static EvalCase evalCase(Example example, Map<String, Double> predicted, Map<String, Double> costs) {
        for (String model : costs.keySet()) {
            if (!predicted.containsKey(model)) {
                throw new IllegalArgumentException("no quality prediction for " + model
                        + ": it has no outcome data in the reference set and no catalog prior");
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Double> realCosts = new LinkedHashMap<>();
        costs.keySet().forEach(m -> {
            scores.put(m, example.scores().get(m));
            realCosts.put(m, example.costsUsd().get(m));
        });
        return new EvalCase(scores, realCosts, predicted, costs);
    }

    // The reference set's mean cost per prompt (inReference: a candidate's name there), else (a model it lacks) the mean over the examples.
    private static Map<String, Double> meanCosts(ReferenceSet reference, UnaryOperator<String> inReference, List<Example> examples,
                                                 List<String> candidates) {
        Map<String, Double> costs = new LinkedHashMap<>();
        for (String model : candidates) {
            double mean = reference.meanCost(inReference.apply(model));
            if (Double.isNaN(mean)) {
                mean = examples.stream().mapToDouble(e -> e.costsUsd().getOrDefault(model, Double.NaN))
                        .filter(c -> !Double.isNaN(c)).average().orElse(Double.NaN);
            }
            if (Double.isNaN(mean)) {
                throw new IllegalArgumentException("no cost known for " + model);
            }
            costs.put(model, mean);
        }
        return costs;
    }

    /** The examples on which every candidate has both a score and a cost: only these can be scored. */
    public static List<Integer> complete(List<Example> examples, List<String> candidates) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            if (candidates.stream().allMatch(m -> e.scores().containsKey(m) && e.costsUsd().containsKey(m))) {
                keep.add(i);
            }
        }
        return keep;
    }

    /** Every model scored on any example, in first-seen order: the default candidates (prompts missing one are then dropped by {@link #complete}). */
    public static List<String> models(List<Example> examples) {
        return examples.stream().flatMap(e -> e.scores().keySet().stream()).distinct().toList();
    }
}
