package dev.switchboard.routing.quality;

import dev.switchboard.routing.data.Example;
import dev.switchboard.routing.embed.PromptEmbedder;
import dev.switchboard.routing.embed.Vectors;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The outcome data a {@link KnnQualityPredictor} learns from: embedded prompts, each with every
 * model's score and cost. Immutable and thread-safe.
 *
 * <p>File format (gzip'd, big-endian {@link DataOutputStream}): magic {@code SBRS}, version 2, the
 * number of prompts, of dimensions and of models, the model names, then per prompt its embedding as IEEE half floats, and per model its score and cost as floats (NaN = not
 * measured). Prompts' texts are not stored: the predictor needs only their vectors, and the file
 * stays small (2,225 RouterBench prompts take about 1.6 MB). Half floats keep cosine similarities
 * to within about 1e-3, far below the gaps between neighbours that matter. Version 1 had the same
 * layout with vectors from BGE small's transformer, a different vector space from the static
 * embedder's: such a file is refused, with how to rebuild it, rather than compared with the wrong vectors.
 */
public final class ReferenceSet {
    /** Where the shipped reference set is on the class path. */
    public static final String BUNDLED = "/routing/reference-set.bin.gz";
    private static final int MAGIC = 0x53425253; // "SBRS"
    private static final int VERSION = 2;
    private static final int TRANSFORMER_VERSION = 1;

    private final List<String> models;
    private final float[][] embeddings;
    private final float[][] scores; // [prompt][model], NaN when not measured
    private final float[][] costs;  // [prompt][model], NaN when not measured
    private final double[] meanScores;
    private final double[] meanCosts;

    private ReferenceSet(List<String> models, float[][] embeddings, float[][] scores, float[][] costs) {
        this.models = List.copyOf(models);
        this.embeddings = embeddings;
        this.scores = scores;
        this.costs = costs;
        this.meanScores = columnMeans(scores, models.size());
        this.meanCosts = columnMeans(costs, models.size());
    }

    /** A reference set of {@code examples}, whose prompts' unit vectors are {@code embeddings}, in the same order. */
    public static ReferenceSet of(List<Example> examples, List<float[]> embeddings) {
        if (examples.size() != embeddings.size()) {
            throw new IllegalArgumentException(examples.size() + " examples but " + embeddings.size() + " embeddings");
        }
        Set<String> names = new LinkedHashSet<>();
        examples.forEach(e -> names.addAll(e.scores().keySet()));
        List<String> models = new ArrayList<>(names);
        int n = examples.size();
        float[][] scores = new float[n][models.size()];
        float[][] costs = new float[n][models.size()];
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            for (int m = 0; m < models.size(); m++) {
                scores[i][m] = valueOrNaN(e.scores().get(models.get(m)));
                costs[i][m] = valueOrNaN(e.costsUsd().get(models.get(m)));
            }
        }
        return new ReferenceSet(models, embeddings.toArray(float[][]::new), scores, costs);
    }

    /** Builds a reference set by embedding each example's prompt. */
    public static ReferenceSet embed(List<Example> examples, PromptEmbedder embedder) {
        return of(examples, examples.stream().map(e -> embedder.embed(e.prompt())).toList());
    }

    /** The reference set built from the shared RouterBench data and shipped in the jar (see resources/routing/README.md). */
    public static ReferenceSet loadBundled() {
        try (InputStream in = ReferenceSet.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled reference set " + BUNDLED + " is missing from the class path");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled reference set " + BUNDLED, e);
        }
    }

    /** Reads a file written by {@link #write}. */
    public static ReferenceSet read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new IOException("cannot read reference set " + file + ": " + e.getMessage(), e);
        }
    }

    private static ReferenceSet read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw)));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a Switchboard reference set");
        }
        int version = in.readInt();
        if (version == TRANSFORMER_VERSION) {
            throw new IOException("this reference set was embedded with BGE small's transformer, which the router no longer runs;"
                    + " rebuild it from its outcome data with `switchboard route train`");
        }
        if (version != VERSION) {
            throw new IOException("reference set version " + version + ", this build reads " + VERSION);
        }
        int n = in.readInt();
        int dims = in.readInt();
        int m = in.readInt();
        List<String> models = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            models.add(in.readUTF());
        }
        float[][] embeddings = new float[n][dims];
        float[][] scores = new float[n][m];
        float[][] costs = new float[n][m];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dims; d++) {
                embeddings[i][d] = Float.float16ToFloat(in.readShort());
            }
            embeddings[i] = Vectors.normalised(embeddings[i]);
            for (int j = 0; j < m; j++) {
                scores[i][j] = in.readFloat();
                costs[i][j] = in.readFloat();
            }
        }
        return new ReferenceSet(models, embeddings, scores, costs);
    }

    /** Writes this set to {@code file} in the format above. */
    public void write(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(file))))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(size());
            out.writeInt(size() == 0 ? PromptEmbedder.DIMENSIONS : embeddings[0].length);
            out.writeInt(models.size());
            for (String model : models) {
                out.writeUTF(model);
            }
            for (int i = 0; i < size(); i++) {
                for (float x : embeddings[i]) {
                    out.writeShort(Float.floatToFloat16(x));
                }
                for (int j = 0; j < models.size(); j++) {
                    out.writeFloat(scores[i][j]);
                    out.writeFloat(costs[i][j]);
                }
            }
        }
    }

    /** The number of prompts. */
    public int size() {
        return embeddings.length;
    }

    /** The models with outcome data, in a fixed order. */
    public List<String> models() {
        return models;
    }

    /** The model's mean score over the prompts it was measured on; NaN for a model not in the set. */
    public double meanScore(String model) {
        int j = models.indexOf(model);
        return j < 0 ? Double.NaN : meanScores[j];
    }

    /** The model's mean cost per prompt in USD; NaN for a model not in the set or without costs. */
    public double meanCost(String model) {
        int j = models.indexOf(model);
        return j < 0 ? Double.NaN : meanCosts[j];
    }

    float[] embedding(int prompt) {
        return embeddings[prompt];
    }

    /** The score of model number {@code model} on prompt {@code prompt}; NaN when not measured. */
    float score(int prompt, int model) {
        return scores[prompt][model];
    }

    private static double[] columnMeans(float[][] rows, int columns) {
        double[] means = new double[columns];
        for (int j = 0; j < columns; j++) {
            double sum = 0;
            int count = 0;
            for (float[] row : rows) {
                if (!Float.isNaN(row[j])) {
                    sum += row[j];
                    count++;
                }
            }
            means[j] = count == 0 ? Double.NaN : sum / count;
        }
        return means;
    }

    private static float valueOrNaN(Double value) {
        return value == null ? Float.NaN : value.floatValue();
    }
}
