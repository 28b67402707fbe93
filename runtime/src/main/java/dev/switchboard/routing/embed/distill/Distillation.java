package dev.switchboard.routing.embed.distill;

import dev.switchboard.routing.embed.StaticPromptEmbedder;
import dev.switchboard.routing.embed.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Distils a {@link Teacher} transformer into a {@link StaticPromptEmbedder}: the idea of Model2Vec
 * (Tulkens and van Dongen, 2024), written for this project.
 *
 * <p>Every vocabulary token is given to the teacher on its own; its output vectors are reduced by
 * PCA to the first {@code dimensions} principal components (centred, so the direction all tokens
 * share, which says nothing about a prompt, is gone); the result is one vector per token, and a
 * prompt's embedding becomes the normalised mean of its tokens' vectors. The teacher's special
 * tokens ({@code [PAD]}, {@code [CLS]}, {@code [SEP]}, {@code [MASK]}, {@code [unusedN]}) are left as
 * zero vectors and out of the PCA: the tokenizer never produces them; {@code [UNK]} it does, so that
 * one is kept. Tokens are not weighted by frequency: Zipf and SIF weights by vocabulary rank were
 * measured and made routing slightly worse (resources/routing/README.md).
 */
public final class Distillation {
    /** Tokens per teacher call: large enough to keep both cores busy, small enough for a modest heap. */
    static final int BATCH = 256;

    private Distillation() {
    }

    /** The outcome: the embedder, and the share of the teacher's variance its dimensions keep. */
    public record Result(StaticPromptEmbedder embedder, double varianceKept) {
    }

    public static Result distill(Teacher teacher, int dimensions) {
        List<String> vocabulary = teacher.vocabulary();
        int[] ids = IntStream.range(0, vocabulary.size()).filter(id -> !special(vocabulary.get(id))).toArray();
        List<float[]> outputs = new ArrayList<>(ids.length);
        for (int start = 0; start < ids.length; start += BATCH) {
            int[] batch = Arrays.copyOfRange(ids, start, Math.min(ids.length, start + BATCH));
            outputs.addAll(List.of(teacher.embedAlone(batch)));
        }
        PrincipalComponents pca = PrincipalComponents.of(outputs, dimensions);
        float[][] vectors = new float[vocabulary.size()][dimensions];
        for (int i = 0; i < ids.length; i++) {
            vectors[ids[i]] = pca.project(outputs.get(i));
        }
        return new Result(StaticPromptEmbedder.of(vocabulary, vectors), pca.varianceKept());
    }

    /** A bracketed marker token other than [UNK]: text never tokenizes to it. */
    static boolean special(String token) {
        return token.length() > 2 && token.startsWith("[") && token.endsWith("]") && !token.equals(WordPieceTokenizer.UNKNOWN);
    }
}
