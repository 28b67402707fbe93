package dev.switchboard.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * How far a mistyped model name is from a catalog name. Names are first reduced to lower-case
 * letters and digits, so {@code gpt4o}, {@code GPT-4o} and {@code gpt-4.o} are all {@code gpt4o}.
 * The distance is the optimal-string-alignment form of Damerau-Levenshtein (insert, delete,
 * substitute, swap adjacent), except that a name containing the whole query scores between an
 * exact match and one edit, growing slowly with the extra length: {@code gpt4o} should suggest
 * {@code gpt-4o-mini} before its one-letter neighbour {@code gpt-4}, a different model family.
 */
public final class NameDistance {

    /** A containing name starts half an edit away... */
    private static final double CONTAINMENT_BASE = 0.5;
    /** ...plus a little per extra character, so shorter containing names come first. */
    private static final double CONTAINMENT_PER_EXTRA_CHAR = 0.01;
    /** Shorter queries than this are contained in too many names to mean anything. */
    private static final int MIN_CONTAINED_QUERY = 3;

    private NameDistance() {
    }

    /**
     * The names closest to {@code unknown}, best first: for "did you mean" answers over the names a
     * gateway serves (configured models, aliases, catalog ids). A name matches by its whole text or by
     * its last {@code /} segment; names further away than a quarter of the query's length (at
     * least two edits) are left out.
     */
    public static List<String> closest(String unknown, Collection<String> names, int max) {
        String query = normalise(unknown);
        if (query.isEmpty() || max <= 0) {
            return List.of();
        }
        double cutoff = cutoff(query);
        record Scored(String name, double score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String name : names) {
            String lastSegment = name.substring(name.lastIndexOf('/') + 1);
            double best = Math.min(score(query, normalise(name), cutoff), score(query, normalise(lastSegment), cutoff));
            if (best <= cutoff) {
                scored.add(new Scored(name, best));
            }
        }
        return scored.stream()
                .sorted(Comparator.comparingDouble(Scored::score).thenComparingInt(s -> s.name().length()).thenComparing(Scored::name))
                .limit(max)
                .map(Scored::name)
                .toList();
    }

    /** Two edits for short names, growing with length so longer names tolerate more typos. */
    static double cutoff(String normalisedQuery) {
        return Math.max(2, normalisedQuery.length() / 4.0);
    }

    static String normalise(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Both arguments must already be normalised. Scores above {@code cutoff} may be reported as
     * {@link Double#POSITIVE_INFINITY}: names whose lengths differ by more than the cutoff cannot be
     * within it, which skips the edit-distance table for most of the catalog.
     */
    static double score(String query, String candidate, double cutoff) {
        if (query.length() >= MIN_CONTAINED_QUERY && candidate.length() > query.length() && candidate.contains(query)) {
            return CONTAINMENT_BASE + CONTAINMENT_PER_EXTRA_CHAR * (candidate.length() - query.length());
        }
        if (Math.abs(candidate.length() - query.length()) > cutoff) {
            return Double.POSITIVE_INFINITY;
        }
        return editDistance(query, candidate);
    }

    static int editDistance(String a, String b) {
        // Three rolling rows (two back for transpositions) keep this allocation-light on the 404 path.
        int[] twoBack = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, twoBack[j - 2] + 1);
                }
                current[j] = best;
            }
            int[] recycled = twoBack;
            twoBack = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.length()];
    }
}
