package dev.switchboard.routing.quality;

import dev.switchboard.catalog.ModelNames;
import dev.switchboard.routing.embed.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predicts a model's quality on a prompt from how it did on the most similar prompts of a
 * {@link ReferenceSet}, and from {@code priors} for models the set has no outcomes for.
 *
 * <p>Implementation note. For a prompt vector {@code q}, the {@code k} reference prompts with the
 * highest cosine similarity {@code s_i} are found by brute force: one 256-d dot product per
 * reference prompt, about 0.3–0.5 ms for 2,225 prompts on one core, which is inside the routing
 * budget and avoids an index structure. A model's prediction is the similarity-weighted mean of its
 * neighbours' scores, shrunk toward its mean over the whole set:
 * <pre>  q_m = (Σ w_i · score_im + λ · mean_m) / (Σ w_i + λ),   w_i = max(0, s_i)^p</pre>
 * The sharpening exponent {@code p} makes near neighbours count far more than merely related ones
 * (the static embeddings give two random RouterBench prompts similarities of 0.66–0.90, 10th to
 * 90th percentile), so for a prompt unlike any
 * in the set the weights are small and the prediction falls back toward the model's mean: a
 * router must generalise to tasks it has no data for rather than over-trust a distant match.
 * The defaults were chosen by 5-fold cross-validation on the shared RouterBench data with BGE's
 * transformer embeddings, and re-checked on the static ones (docs/routing-eval.md).
 *
 * <p>A candidate is looked up in the set by {@link ModelNames}, so the gateway's
 * {@code openai/gpt-4-1106-preview} or a user's {@code mixtral-8x7b-chat} finds RouterBench's
 * {@code gpt-4-1106-preview} and {@code mistralai/mixtral-8x7b-chat}. What a name resolved to is
 * cached: the names asked are a profile's candidates, a handful, and rule 5 scans the catalog.
 */
public final class KnnQualityPredictor implements QualityPredictor {
    private static final Logger LOG = LoggerFactory.getLogger(KnnQualityPredictor.class);
    /** Neighbours consulted, chosen by cross-validation. */
    public static final int DEFAULT_K = 80;
    /** Pseudo-weight λ of the model's overall mean, chosen by cross-validation. */
    public static final double DEFAULT_SHRINKAGE = 1.0;
    /** Similarity sharpening exponent p. */
    public static final double DEFAULT_SHARPNESS = 8;

    private final ReferenceSet reference;
    private final int k;
    private final double shrinkage;
    private final double sharpness;
    private final ModelNames names;
    private final QualityPredictor priors;
    private final Map<String, Optional<String>> inReference = new ConcurrentHashMap<>();

    /** @param names finds a candidate's name among the reference set's */
    public KnnQualityPredictor(ReferenceSet reference, int k, double shrinkage, double sharpness, ModelNames names,
                               QualityPredictor priors) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (!(shrinkage >= 0) || !(sharpness >= 0)) {
            throw new IllegalArgumentException("shrinkage and sharpness must not be negative, got " + shrinkage + ", " + sharpness);
        }
        this.reference = reference;
        this.k = k;
        this.shrinkage = shrinkage;
        this.sharpness = sharpness;
        this.names = names;
        this.priors = priors;
    }

    /**
     * The reference set's name for {@code asked}. A name that could mean several of its models is
     * predicted from the priors alone, like a model the set has no outcomes for: this runs on the
     * request path, where a wrong guess would route on another model's record and an error would
     * fail a request the priors can still serve. Said once per name, as the answer is cached.
     */
    private Optional<String> inReference(String asked) {
        try {
            return names.resolve(asked, reference.models());
        } catch (IllegalArgumentException ambiguous) {
            LOG.warn("Routing predicts '{}' from catalog priors only: {}", asked, ambiguous.getMessage());
            return Optional.empty();
        }
    }

    /** A predictor with the cross-validated defaults. */
    public KnnQualityPredictor(ReferenceSet reference, ModelNames names, QualityPredictor priors) {
        this(reference, DEFAULT_K, DEFAULT_SHRINKAGE, DEFAULT_SHARPNESS, names, priors);
    }

    @Override
    public Map<String, Double> predict(float[] embedding, String task, Collection<String> models) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        int[] neighbours = null;
        double[] weights = null;
        for (String model : models) {
            String known = inReference.computeIfAbsent(model, this::inReference).orElse(null);
            if (known == null) {
                unknown.add(model);
                continue;
            }
            int m = reference.models().indexOf(known);
            if (neighbours == null) {
                neighbours = nearest(embedding);
                weights = new double[neighbours.length];
                for (int i = 0; i < neighbours.length; i++) {
                    double similarity = Vectors.dot(embedding, reference.embedding(neighbours[i]));
                    weights[i] = Math.pow(Math.max(0, similarity), sharpness);
                }
            }
            double sum = shrinkage * reference.meanScore(known);
            double weight = shrinkage;
            for (int i = 0; i < neighbours.length; i++) {
                float score = reference.score(neighbours[i], m);
                if (!Float.isNaN(score)) {
                    sum += weights[i] * score;
                    weight += weights[i];
                }
            }
            out.put(model, weight == 0 ? reference.meanScore(known) : sum / weight);
        }
        if (!unknown.isEmpty()) {
            out.putAll(priors.predict(embedding, task, unknown));
        }
        return out;
    }

    /** The indexes of the k most similar reference prompts (fewer if the set is smaller), by insertion into a sorted window. */
    private int[] nearest(float[] embedding) {
        int size = Math.min(k, reference.size());
        int[] best = new int[size];
        float[] similarity = new float[size];
        Arrays.fill(similarity, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < reference.size(); i++) {
            float s = Vectors.dot(embedding, reference.embedding(i));
            if (size == 0 || s <= similarity[size - 1]) {
                continue;
            }
            int at = size - 1;
            while (at > 0 && similarity[at - 1] < s) {
                similarity[at] = similarity[at - 1];
                best[at] = best[at - 1];
                at--;
            }
            similarity[at] = s;
            best[at] = i;
        }
        return best;
    }
}
