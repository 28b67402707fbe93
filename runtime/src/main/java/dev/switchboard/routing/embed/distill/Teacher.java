package dev.switchboard.routing.embed.distill;

import java.util.List;

/** The transformer a static embedding table is distilled from: its WordPiece vocabulary and what it makes of each token. */
public interface Teacher {
    /** The tokens in id order, {@code ##} marking word continuations, as the teacher's tokenizer has them. */
    List<String> vocabulary();

    /**
     * The teacher's output vector for each of {@code ids}, each token given to the model on its own
     * (between its start and end markers); one row per id, all rows of the same length.
     */
    float[][] embedAlone(int[] ids);
}
