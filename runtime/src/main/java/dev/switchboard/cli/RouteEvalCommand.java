package dev.switchboard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.catalog.ModelNames;
import dev.switchboard.routing.data.Example;
import dev.switchboard.routing.embed.StaticPromptEmbedder;
import dev.switchboard.routing.embed.PromptEmbedder;
import dev.switchboard.routing.eval.CrossValidation;
import dev.switchboard.routing.eval.EvalCase;
import dev.switchboard.routing.eval.Evaluation;
import dev.switchboard.routing.eval.OfflineEvaluation;
import dev.switchboard.routing.quality.CatalogPriors;
import dev.switchboard.routing.quality.KnnQualityPredictor;
import dev.switchboard.routing.quality.QualityPredictor;
import dev.switchboard.routing.quality.ReferenceSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code switchboard route eval}: RouteLLM and RouterBench metrics of the kNN router on outcome data, with baselines. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate the router on outcome data (RouterBench wide CSV, long CSV or JSONL).",
                "Two candidates: RouteLLM's APGR, CPT(50%%), CPT(80%%); any number: RouterBench's AIQ;",
                "each against the random router, the zero router (single models) and the oracle."})
final class RouteEvalCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "Outcome data; repeat to combine files.")
    List<Path> data;

    @Option(names = "--candidates", paramLabel = "A,B,...", split = ",",
            description = {"Models to route among (default: every model in the data; prompts missing one are skipped).",
                    "A name finds the data's model with or without a vendor prefix (mixtral-8x7b-chat: mistralai/mixtral-8x7b-chat)."})
    List<String> candidates;

    @Option(names = "--cv", paramLabel = "K", description = "Cross-validate: train on K-1 folds of the data, score the held-out fold, K times.")
    Integer folds;

    @Option(names = "--reference", paramLabel = "FILE", description = "Reference set to evaluate without --cv (default: the shipped one).")
    Path reference;

    @Option(names = "--k", defaultValue = "" + KnnQualityPredictor.DEFAULT_K, description = "Neighbours (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--shrinkage", defaultValue = "" + KnnQualityPredictor.DEFAULT_SHRINKAGE,
            description = "Weight of the model's overall mean (default: ${DEFAULT-VALUE}).")
    double shrinkage;

    @Option(names = "--sharpness", defaultValue = "" + KnnQualityPredictor.DEFAULT_SHARPNESS,
            description = "Similarity exponent (default: ${DEFAULT-VALUE}).")
    double sharpness;

    @Option(names = "--json", description = "Print the metrics as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<Example> all = OutcomeData.read(data);
        ModelCatalog catalog = ModelCatalog.loadBundled();
        ModelNames names = new ModelNames(catalog);
        List<String> models = candidates == null || candidates.isEmpty() ? OfflineEvaluation.models(all)
                : inData(candidates, OfflineEvaluation.models(all), names);
        List<Example> examples = OfflineEvaluation.complete(all, models).stream().map(all::get).toList();
        if (examples.isEmpty()) {
            throw new IOException("no prompt has a score and a cost for every candidate of " + models);
        }
        PromptEmbedder embedder = StaticPromptEmbedder.loadBundled();
        List<float[]> embeddings = examples.stream().map(e -> embedder.embed(e.prompt())).toList();
        QualityPredictor priors = new CatalogPriors(catalog);
        Function<ReferenceSet, QualityPredictor> predictor = set -> new KnnQualityPredictor(set, k, shrinkage, sharpness, names, priors);
        List<EvalCase> cases;
        try {
            cases = folds == null
                    ? OfflineEvaluation.withReference(examples, embeddings, models,
                            reference == null ? ReferenceSet.loadBundled() : ReferenceSet.read(reference), names, predictor)
                    : OfflineEvaluation.crossValidated(examples, embeddings, models, folds, CrossValidation.SEED, predictor);
        } catch (IllegalArgumentException e) {
            // A candidate the reference set names ambiguously, or knows nothing about: the user's data to fix, not a crash.
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("data", data.stream().map(Path::toString).toList());
        report.put("prompts", examples.size());
        report.put("method", folds == null ? "reference set " + (reference == null ? ReferenceSet.BUNDLED : reference)
                : folds + "-fold cross-validation, seed " + CrossValidation.SEED);
        report.put("predictor", Map.of("k", k, "shrinkage", shrinkage, "sharpness", sharpness));
        Evaluation.TwoModelReport two = models.size() == 2 ? Evaluation.twoModel(cases, models.get(0), models.get(1)) : null;
        if (two != null) {
            report.put("two_model", two);
        }
        Evaluation.MultiModelReport multi = Evaluation.multiModel(cases, models);
        report.put("multi_model", multi);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).writeValueAsString(report));
        } else {
            printText(out, report, two, multi);
        }
        out.flush();
        return 0;
    }

    /**
     * The data's names for the candidates the user named.
     *
     * @throws ParameterException for a candidate the data has no model for, or could mean several of its models
     */
    private List<String> inData(List<String> named, List<String> inData, ModelNames names) {
        List<String> resolved = new ArrayList<>(named.size());
        for (String candidate : named) {
            try {
                resolved.add(names.resolve(candidate, inData).orElseThrow(() -> new IllegalArgumentException(
                        "'" + candidate + "' has no outcomes in the data; its models are " + String.join(", ", inData))));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--candidates: " + e.getMessage());
            }
        }
        return resolved;
    }

    private static void printText(PrintWriter out, Map<String, Object> report, Evaluation.TwoModelReport two,
                                  Evaluation.MultiModelReport multi) {
        out.printf("%d prompts, %s, predictor %s%n", report.get("prompts"), report.get("method"), report.get("predictor"));
        if (two != null) {
            out.printf("Two-model routing: strong %s (mean score %.3f), weak %s (%.3f)%n",
                    two.strong(), two.strongMeanScore(), two.weak(), two.weakMeanScore());
            out.printf("  %-22s %6s %9s %9s%n", "", "APGR", "CPT(50%)", "CPT(80%)");
            printTwo(out, "router", two.router());
            printTwo(out, "random / zero router", two.randomAndZeroRouter());
            printTwo(out, "oracle", two.oracle());
        }
        out.printf("Multi-model routing over %s%n", multi.candidates());
        out.printf("  cost range per prompt: $%.6f .. $%.6f; best single model %s (score %.3f, $%.6f)%n",
                multi.minCostUsd(), multi.maxCostUsd(), multi.bestSingleModel().model(),
                multi.bestSingleModel().meanScore(), multi.bestSingleModel().meanCostUsd());
        out.printf("  AIQ: router %.4f | zero router %.4f | random %.4f | oracle %.4f%n",
                multi.routerAiq(), multi.zeroRouterAiq(), multi.randomAiq(), multi.oracleAiq());
    }

    private static void printTwo(PrintWriter out, String name, Evaluation.TwoModelMetrics m) {
        out.printf("  %-22s %6.3f %8.1f%% %8.1f%%%n", name, m.apgr(), 100 * m.cpt50(), 100 * m.cpt80());
    }
}
