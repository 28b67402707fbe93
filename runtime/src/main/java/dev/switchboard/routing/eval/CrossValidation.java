package dev.switchboard.routing.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** K-fold partitioning: a seeded shuffle, then every k-th prompt into the same fold, so folds differ in size by at most one. */
public final class CrossValidation {
    /** The seed the CLI uses, so that reported numbers can be reproduced. */
    public static final long SEED = 20240601L;

    private CrossValidation() {
    }

    /** The fold, in [0, k), of each of {@code n} items. */
    public static int[] folds(int n, int k, long seed) {
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("cross-validation needs 2 <= k <= " + n + " prompts, got k = " + k);
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int[] fold = new int[n];
        for (int position = 0; position < n; position++) {
            fold[order.get(position)] = position % k;
        }
        return fold;
    }
}
