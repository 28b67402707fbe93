package dev.switchboard.routing.embed;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer, as BGE small's {@code tokenizer.json} configures it: text
 * cleaned (control characters dropped, whitespace unified), CJK ideographs split apart, accents
 * stripped, lower-cased, split at whitespace and punctuation, then each word cut into the longest
 * vocabulary pieces from its start ({@code ##} marks a piece that continues a word); a word with
 * no such cut, or over {@value #MAX_WORD_CHARS} characters, is {@code [UNK]}.
 *
 * <p>Implementation note. Pure Java, so the router needs no native tokenizer library; it gives the
 * same ids as the Hugging Face tokenizer LangChain4j runs (the test compares them on the routing
 * data), except that special-token text such as a literal {@code [SEP]} in a prompt is read as
 * ordinary text. ASCII, nearly all of a prompt, takes a fast path: no Unicode normalisation and a
 * table for character classes; a word's pieces are found by hash lookups of its substrings, the
 * longest first. Thread-safe: immutable after construction.
 */
public final class WordPieceTokenizer {
    /** Longer words are {@code [UNK]}, as in BERT: no word of real text is that long, and it bounds the lookups. */
    static final int MAX_WORD_CHARS = 100;
    /** The token for a word the vocabulary cannot spell. */
    public static final String UNKNOWN = "[UNK]";
    private static final String CONTINUATION = "##";

    // ASCII character classes: what BERT's pre-tokenizer splits on.
    private static final byte LETTER = 0;
    private static final byte SPACE = 1;
    private static final byte PUNCTUATION = 2;
    private static final byte DROPPED = 3;
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII[c] = c == '\t' || c == '\n' || c == '\r' || c == ' ' ? SPACE
                    : c < 32 || c == 127 ? DROPPED
                    : (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126) ? PUNCTUATION
                    : LETTER;
        }
    }

    private final List<String> vocabulary;
    private final Map<String, Integer> wordStarts = new HashMap<>();
    private final Map<String, Integer> continuations = new HashMap<>();
    private final int unknown;

    /** @param vocabulary the tokens in id order, {@code ##} marking continuations; must contain {@code [UNK]} */
    public WordPieceTokenizer(List<String> vocabulary) {
        this.vocabulary = List.copyOf(vocabulary);
        for (int id = 0; id < vocabulary.size(); id++) {
            String token = vocabulary.get(id);
            if (token.startsWith(CONTINUATION) && token.length() > CONTINUATION.length()) {
                continuations.putIfAbsent(token.substring(CONTINUATION.length()), id);
            } else {
                wordStarts.putIfAbsent(token, id);
            }
        }
        Integer unk = wordStarts.get(UNKNOWN);
        if (unk == null) {
            throw new IllegalArgumentException("the vocabulary has no " + UNKNOWN + " token");
        }
        this.unknown = unk;
    }

    /** The vocabulary, in id order. */
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** The token ids of {@code text}, without {@code [CLS]} and {@code [SEP]}. */
    public int[] ids(String text) {
        return ids(text, Integer.MAX_VALUE);
    }

    /** The ids of {@code text}'s first {@code max} tokens at most. */
    public int[] ids(String text, int max) {
        Ids out = new Ids(Math.min(max, text.length() / 3 + 8), max);
        StringBuilder word = new StringBuilder();
        boolean ascii = true;
        int i = 0;
        while (i < text.length() && !out.full()) {
            char c = text.charAt(i);
            if (c < 128) {
                i++;
                switch (ASCII[c]) {
                    case LETTER -> word.append(Character.toLowerCase(c));
                    case SPACE -> {
                        flush(word, ascii, out);
                        ascii = true;
                    }
                    case PUNCTUATION -> {
                        flush(word, ascii, out);
                        word.append(c);
                        flush(word, true, out);
                        ascii = true;
                    }
                    default -> {
                    }
                }
                continue;
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0xFFFD || isOther(cp)) {
                continue;
            }
            if (isSpace(cp)) {
                flush(word, ascii, out);
                ascii = true;
            } else if (isPunctuation(cp) || isCjk(cp)) {
                flush(word, ascii, out);
                word.appendCodePoint(cp);
                flush(word, false, out);
                ascii = true;
            } else {
                word.appendCodePoint(cp);
                ascii = false;
            }
        }
        flush(word, ascii, out);
        return out.toArray();
    }

    /** Appends the pieces of the word collected in {@code word} (all ASCII when {@code ascii}) and empties it. */
    private void flush(StringBuilder word, boolean ascii, Ids out) {
        if (word.isEmpty()) {
            return;
        }
        String w = ascii ? word.toString() : normalised(word);
        word.setLength(0);
        // Stripping accents can split a word: a combining mark that was its own "word" vanishes,
        // and a punctuation mark that decomposes (rare) must still stand alone.
        if (!ascii) {
            int start = 0;
            for (int j = 0; j < w.length(); ) {
                int cp = w.codePointAt(j);
                int next = j + Character.charCount(cp);
                if (isSpace(cp)) {
                    pieces(w.substring(start, j), out);
                    start = next;
                } else if (isPunctuation(cp)) {
                    pieces(w.substring(start, j), out);
                    pieces(w.substring(j, next), out);
                    start = next;
                }
                j = next;
            }
            pieces(w.substring(start), out);
        } else {
            pieces(w, out);
        }
    }

    /** Accents stripped (canonical decomposition without its non-spacing marks), then lower-cased per code point. */
    private static String normalised(CharSequence word) {
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
                .forEach(cp -> appendLowerCase(out, cp));
        return out.toString();
    }

    private static void appendLowerCase(StringBuilder out, int cp) {
        // String's lower-casing, not Character's: it maps İ to two code points as Unicode's full case mapping does.
        out.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT));
    }

    /** Greedy longest-match-first WordPiece over one word; the whole word is [UNK] when a remainder matches nothing. */
    private void pieces(String word, Ids out) {
        if (word.isEmpty()) {
            return;
        }
        if (word.codePointCount(0, word.length()) > MAX_WORD_CHARS) {
            out.add(unknown);
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < word.length()) {
            Map<String, Integer> table = start == 0 ? wordStarts : continuations;
            Integer id = null;
            int end = word.length();
            while (end > start) {
                id = table.get(word.substring(start, end));
                if (id != null) {
                    break;
                }
                end--;
                if (end > start && Character.isLowSurrogate(word.charAt(end)) && Character.isHighSurrogate(word.charAt(end - 1))) {
                    end--;
                }
            }
            if (id == null) {
                out.truncate(mark);
                out.add(unknown);
                return;
            }
            out.add(id);
            start = end;
        }
    }

    /** Unicode "other" (control, format, surrogate, private use, unassigned): what BERT's text cleaning drops. */
    private static boolean isOther(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }

    /** Unicode White_Space: Java's whitespace plus the no-break spaces. */
    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static boolean isPunctuation(int cp) {
        if (cp < 128) {
            return ASCII[cp] == PUNCTUATION;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** The CJK ideograph blocks BERT tokenizes one character at a time. */
    private static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** A growable int list that stops at a limit. */
    private static final class Ids {
        private int[] ids;
        private int size;
        private final int max;

        Ids(int capacity, int max) {
            this.ids = new int[Math.max(capacity, 8)];
            this.max = max;
        }

        boolean full() {
            return size >= max;
        }

        int size() {
            return size;
        }

        void add(int id) {
            if (size >= max) {
                return;
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        void truncate(int length) {
            size = length;
        }

        int[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}
