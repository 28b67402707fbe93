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
 * similarity-weighted vote of the {@link #K} labelled examples nearest to the embedding of the
 * prompt's {@link #ends}, nudged by code and maths markers.
 *
 * <p>Why the ends and not the whole prompt: what a prompt asks is said at its start or at its end,
 * around whatever it pastes in between (a report to summarise, code to review), and a mean over
 * the whole prompt is mostly the pasted material. Measured on the held-out prompts with a
 * 1,500-token document pasted after or before each: 8–10 of 72 right from the whole prompt, 15–38
 * from its ends (docs/routing.md); prompts of one paragraph, nearly all short ones, are their own
 * ends, so for them nothing changes.
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
    // Each end is cut to about 64 tokens: an instruction, not the start of the material.
    static final int END_CHARS = 300;

    private record Example(Task task, float[] vector) {
    }

    /**
     * @param task   the recognised task
     * @param reason why: the feature that settled it, or the vote's share
     */
    public record Classification(Task task, String reason) {
    }

    private final PromptEmbedder embedder;
    private final List<Example> examples;

    private TaskClassifier(PromptEmbedder embedder, List<Labelled> examples) {
        this.embedder = embedder;
        this.examples = examples.stream().map(l -> new Example(l.task(), embedEnds(l.prompt()))).toList();
    }

    /** A classifier over the project's labelled examples; prompts and examples are embedded with {@code embedder}. */
    public static TaskClassifier load(PromptEmbedder embedder) {
        try (InputStream in = TaskClassifier.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new TaskClassifier(embedder, read(in));
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

    public Classification classify(Features features) {
        if (features.tools()) {
            return new Classification(Task.TOOL_USE, "tools defined");
        }
        if (features.promptTokens() > LONG_CONTEXT_TOKENS) {
            return new Classification(Task.LONG_CONTEXT, "prompt over " + LONG_CONTEXT_TOKENS + " tokens");
        }
        Map<Task, Double> votes = vote(embedEnds(features.ask()));
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

    /** The normalised sum of the ends' embeddings, each of unit length, so a long end does not outweigh a short one. */
    private float[] embedEnds(String prompt) {
        List<String> ends = ends(prompt);
        float[] sum = embedder.embed(ends.get(0));
        for (String end : ends.subList(1, ends.size())) {
            float[] v = embedder.embed(end);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        return Vectors.normalised(sum);
    }

    /**
     * The prompt's first and last paragraphs (blocks separated by a blank line), the first cut to its
     * first {@link #END_CHARS} characters and the last to its last ones: for a prompt of one
     * paragraph, its start and its end; one string when they are the same.
     */
    static List<String> ends(String prompt) {
        String text = prompt.strip();
        int firstBreak = paragraphBreak(text, true);
        String first = firstBreak < 0 ? text : text.substring(0, firstBreak);
        String last = firstBreak < 0 ? text : text.substring(paragraphBreak(text, false));
        first = first.length() <= END_CHARS ? first : first.substring(0, END_CHARS);
        last = last.length() <= END_CHARS ? last : last.substring(last.length() - END_CHARS);
        return first.equals(last) ? List.of(first) : List.of(first, last);
    }

    /**
     * Where the first paragraph ends (the index of the break's first newline), or where the last one
     * starts (just after the break's last newline); -1 when there is no blank line.
     */
    private static int paragraphBreak(String text, boolean first) {
        int step = first ? 1 : -1;
        for (int i = first ? 0 : text.length() - 1; i >= 0 && i < text.length(); i += step) {
            if (text.charAt(i) != '\n') {
                continue;
            }
            int j = i + step;
            while (j >= 0 && j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t' || text.charAt(j) == '\r')) {
                j += step;
            }
            if (j >= 0 && j < text.length() && text.charAt(j) == '\n') {
                return first ? i : i + 1;
            }
        }
        return -1;
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
