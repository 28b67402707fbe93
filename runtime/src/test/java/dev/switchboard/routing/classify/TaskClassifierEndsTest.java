package dev.switchboard.routing.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskClassifierEndsTest {

    @Test
    void aShortPromptOfOneParagraphIsItsOwnEnd() {
        assertThat(TaskClassifier.ends("  Write a haiku about rain.\nMake it sad. ")).containsExactly("Write a haiku about rain.\nMake it sad.");
    }

    @Test
    void theEndsAreTheFirstAndLastParagraphs() {
        assertThat(TaskClassifier.ends("Review this code.\n\nint x = 1;\n  \nint y = 2;\r\n\t\r\nIs it thread-safe?"))
                .containsExactly("Review this code.", "Is it thread-safe?");
    }

    @Test
    void longEndsAreCutToTheirOuterCharacters() {
        String first = "a".repeat(TaskClassifier.END_CHARS) + "b".repeat(50);
        String last = "c".repeat(50) + "d".repeat(TaskClassifier.END_CHARS);

        assertThat(TaskClassifier.ends(first + "\n\nmiddle\n\n" + last))
                .containsExactly("a".repeat(TaskClassifier.END_CHARS), "d".repeat(TaskClassifier.END_CHARS));
        assertThat(TaskClassifier.ends(first + last)).containsExactly("a".repeat(TaskClassifier.END_CHARS), "d".repeat(TaskClassifier.END_CHARS));
    }
}
