package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeaturesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Fix this:\n```\nx = 1\n```", "def area(r):\n    return 3.14 * r * r", "public static void main(String[] args) {",
            "Why is SELECT * FROM users; slow?", "let total = items.length;", "then void f();"})
    void codeIsMarkedByAFenceOrAKeywordWithCodePunctuationOnItsLine(String prompt) {
        assertThat(Features.codeMarkers(prompt)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Let me know what you think of the class trip.", "The constant returns were undefined (mostly).",
            "A function of time\nis; what we plot", "Summarise the meeting notes, please."})
    void proseWithKeywordsInsideWordsOrWithoutCodePunctuationIsNotCode(String prompt) {
        assertThat(Features.codeMarkers(prompt)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Solve $x^2 = 4$.", "Simplify \\frac{a}{b} please", "Is 2 + 3 = 5?", "Show that x ≤ y", "Differentiate y ^ 3",
            "Plot x^2 over the reals"})
    void mathsIsMarkedByLatexEquationsSymbolsOrPowers(String prompt) {
        assertThat(Features.mathsMarkers(prompt)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"It costs $5.", "a = b", "x2 + y", "Meet at 10-12, fine?", "Summarise the meeting notes."})
    void textWithoutThoseShapesIsNotMaths(String prompt) {
        assertThat(Features.mathsMarkers(prompt)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bonjour, ça va ?", "Schöne Grüße aus Köln", "Hello 東 world"})
    void textMostlyInLatinLettersIsLatin(String prompt) {
        assertThat(Features.latin(prompt)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"東京タワーへ行きたい", "Привет, как дела?", "OK: Привет, как дела?"})
    void textMostlyInOtherScriptsIsNot(String prompt) {
        assertThat(Features.latin(prompt)).isFalse();
    }
}
