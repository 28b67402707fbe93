package dev.switchboard.routing.classify;

import dev.switchboard.routing.Features;
import dev.switchboard.routing.Task;
import dev.switchboard.routing.embed.PromptEmbedder;
import dev.switchboard.routing.embed.Vectors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Recognises a prompt's {@link Task}: the cheap features first, where they settle it (tools
 * defined means tool use; a prompt beyond {@link #LONG_CONTEXT_TOKENS} is long-context), then a
 * similarity-weighted vote of the {@link #K} labelled examples nearest to the prompt's embedding,
 * nudged by code and maths markers.
 *
 * <p>Why kNN over the examples rather than one centroid per task: tasks like "reasoning" are
 * several clusters (puzzles, trade-off analyses), which a mean would blur. The examples are the
 * project's own labelled set ({@code /routing/tasks.tsv}, a few dozen per task), embedded once
 * when the classifier is built; a vote costs a few hundred dot products. Thread-safe: immutable
 * after construction.
 */
public final class TaskClassifier {
    /** Prompts beyond this many estimated tokens are long-context, whatever they ask: about what 16k-context models accept. */
    public static final int LONG_CONTEXT_TOKENS = 16_000;
    static final int K = 7;
    // How much a code or maths marker adds to its task's vote: about one close neighbour's worth.
    private static final double MARKER_BONUS = 0.8;
    private static final String RESOURCE = "/routing/tasks.tsv";

    private record Example(Task task, float[] vector) {
    }

    /**
     * @param task   the recognised task
     * @param reason why: the feature that settled it, or the vote's share
     */
    public record Classification(Task task, String reason) {
    }

    private final List<Example> examples;

    private TaskClassifier(List<Example> examples) {
        this.examples = List.copyOf(examples);
    }

    /** A classifier over the project's labelled examples, each embedded with {@code embedder}. */
    public static TaskClassifier load(PromptEmbedder embedder) {
        try (InputStream in = TaskClassifier.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new TaskClassifier(read(in).stream().map(l -> new Example(l.task(), embedder.embed(l.prompt()))).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One labelled prompt. */
    public record Labelled(Task task, String prompt) {
    }

    /** Reads {@code task<TAB>prompt} lines; {@code #} starts a comment line. */
    public static List<Labelled> read(InputStream in) throws IOException {
        List<Labelled> out = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            Task task = Task.fromWire(line.substring(0, tab)).orElseThrow(() -> new IllegalArgumentException("unknown task in " + RESOURCE));
            out.add(new Labelled(task, line.substring(tab + 1)));
        }
        return out;
    }

    public Classification classify(Features features, float[] embedding) {
        if (features.tools()) {
            return new Classification(Task.TOOL_USE, "tools defined");
        }
        if (features.promptTokens() > LONG_CONTEXT_TOKENS) {
            return new Classification(Task.LONG_CONTEXT, "prompt over " + LONG_CONTEXT_TOKENS + " tokens");
        }
        Map<Task, Double> votes = vote(embedding);
        if (features.codeMarkers()) {
            votes.merge(Task.CODE, MARKER_BONUS, Double::sum);
        }
        if (features.mathsMarkers()) {
            votes.merge(Task.MATHS, MARKER_BONUS, Double::sum);
        }
        Map.Entry<Task, Double> best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        double total = votes.values().stream().mapToDouble(Double::doubleValue).sum();
        return new Classification(best.getKey(), "nearest examples " + Math.round(100 * best.getValue() / total) + "%");
    }

    /** Each of the K nearest examples votes for its task with its cosine similarity. */
    private Map<Task, Double> vote(float[] embedding) {
        int k = Math.min(K, examples.size());
        int[] nearest = new int[k];
        float[] similarity = new float[k];
        java.util.Arrays.fill(similarity, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < examples.size(); i++) {
            float s = Vectors.dot(embedding, examples.get(i).vector());
            if (s > similarity[k - 1]) {
                int at = k - 1;
                while (at > 0 && similarity[at - 1] < s) {
                    similarity[at] = similarity[at - 1];
                    nearest[at] = nearest[at - 1];
                    at--;
                }
                similarity[at] = s;
                nearest[at] = i;
            }
        }
        Map<Task, Double> votes = new EnumMap<>(Task.class);
        for (int j = 0; j < k; j++) {
            votes.merge(examples.get(nearest[j]).task(), (double) Math.max(similarity[j], 0), Double::sum);
        }
        return votes;
    }
}
