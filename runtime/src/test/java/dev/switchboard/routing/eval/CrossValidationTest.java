package dev.switchboard.routing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CrossValidationTest {

    @Test
    void everyItemLandsInOneFoldAndFoldSizesDifferByAtMostOne() {
        int[] folds = CrossValidation.folds(23, 5, 7);

        int[] sizes = new int[5];
        Arrays.stream(folds).forEach(f -> sizes[f]++);
        assertThat(sizes).containsExactlyInAnyOrder(5, 5, 5, 4, 4);
    }

    @Test
    void theSameSeedGivesTheSameFolds() {
        assertThat(CrossValidation.folds(100, 5, 42)).isEqualTo(CrossValidation.folds(100, 5, 42));
    }

    @Test
    void foldsAreShuffledRatherThanContiguousBlocks() {
        int[] folds = CrossValidation.folds(100, 5, 42);

        // Contiguous blocks would put all of items 0..19 in one fold.
        assertThat(IntStream.range(0, 20).map(i -> folds[i]).distinct().count()).isGreaterThan(1);
    }

    @Test
    void moreFoldsThanItemsIsRejected() {
        assertThatThrownBy(() -> CrossValidation.folds(3, 5, 1)).hasMessageContaining("k = 5");
    }
}
