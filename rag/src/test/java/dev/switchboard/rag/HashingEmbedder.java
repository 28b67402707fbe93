package dev.switchboard.rag;

import dev.switchboard.rag.embed.Embedder;
import dev.langchain4j.data.embedding.Embedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic stand-in for a model in tests that are about storage, not meaning: each word
 * (lower-cased, plural 's' dropped) adds one to a dimension chosen by its hash, so texts sharing
 * words are near. Counts its calls.
 */
public final class HashingEmbedder implements Embedder {
    private final int dimensions;
    private final java.util.concurrent.atomic.AtomicInteger texts = new java.util.concurrent.atomic.AtomicInteger();

    public HashingEmbedder(int dimensions) {
        this.dimensions = dimensions;
    }

    @Override
    public List<float[]> embed(List<String> input, Purpose purpose) {
        List<float[]> out = new ArrayList<>();
        for (String text : input) {
            texts.incrementAndGet();
            float[] v = new float[dimensions];
            for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                if (!word.isEmpty()) {
                    String stem = word.endsWith("s") && word.length() > 3 ? word.substring(0, word.length() - 1) : word;
                    v[Math.floorMod(stem.hashCode(), dimensions)] += 1;
                }
            }
            Embedding unit = Embedding.from(v);
            unit.normalize();
            out.add(unit.vector());
        }
        return out;
    }

    /** Texts embedded so far. */
    public int texts() {
        return texts.get();
    }
}
