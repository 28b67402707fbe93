package dev.switchboard.routing.embed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WordPieceTokenizerTest {
    // BGE small's tokenizer, as LangChain4j ships it: the reference this tokenizer must agree with.
    private static final String TOKENIZER_JSON = "/bge-small-en-v1.5-q-tokenizer.json";

    private static final WordPieceTokenizer TINY = new WordPieceTokenizer(List.of("[PAD]", "[UNK]", "un", "##able", "##a", "able", "cafe", ",", "的"));

    @Test
    void givesTheSameIdsAsTheHuggingFaceTokenizerOnTheRoutingExamplesAndAwkwardUnicode() throws IOException {
        List<String> texts = new ArrayList<>(lines("/routing/tasks.tsv"));
        texts.addAll(lines("/routing/tasks-heldout.tsv"));
        texts.add("Ünïcödé naïve café — “quotes” 東京タワー İstanbul ΣΊΣΥΦΟΣ ﬁne a\u00a0b\u200bc x\u0301 emoji 😀👍 tab\there \u0085next");
        texts.add("def f(x):\n    return x**2  # → O(n²), ≤ 5 ms; path C:\\Users\\a_b\\c-d.txt; url https://example.com/a?b=c&d=e");
        texts.add("super" + "long".repeat(30) + " word, and " + "x".repeat(101));
        WordPieceTokenizer ours = new WordPieceTokenizer(vocabulary());
        try (InputStream json = getClass().getResourceAsStream(TOKENIZER_JSON);
             HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(json,
                     Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"))) {
            for (String text : texts) {
                long[] expected = reference.encode(text, false, false).getIds();
                assertThat(ours.ids(text)).as(text).containsExactly(Arrays.stream(expected).mapToInt(Math::toIntExact).toArray());
            }
        }
    }

    @Test
    void aWordIsCutIntoTheLongestPiecesFromItsStart() {
        assertThat(TINY.ids("unable")).containsExactly(2, 3);
        assertThat(TINY.ids("Una")).containsExactly(2, 4);
    }

    @Test
    void aWordTheVocabularyCannotSpellIsOneUnknownToken() {
        assertThat(TINY.ids("unablex able")).containsExactly(1, 5);
    }

    @Test
    void accentsAreStrippedPunctuationAndIdeographsStandAlone() {
        assertThat(TINY.ids("CAFÉ,的able")).containsExactly(6, 7, 8, 5);
    }

    @Test
    void aWordOverAHundredCharactersIsUnknown() {
        assertThat(TINY.ids("un" + "able".repeat(25))).containsExactly(1);
    }

    @Test
    void idsStopAtTheLimit() {
        assertThat(TINY.ids("able able able able", 2)).containsExactly(5, 5);
    }

    private static List<String> vocabulary() throws IOException {
        try (InputStream in = WordPieceTokenizerTest.class.getResourceAsStream(TOKENIZER_JSON)) {
            JsonNode vocab = new ObjectMapper().readTree(in).path("model").path("vocab");
            String[] tokens = new String[vocab.size()];
            vocab.properties().forEach(e -> tokens[e.getValue().asInt()] = e.getKey());
            return List.of(tokens);
        }
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = WordPieceTokenizerTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
    }
}
