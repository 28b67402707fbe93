package dev.switchboard.rag.ingest;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a stretch of text into paragraph blocks at blank lines, dropping blank space at their edges. */
final class Paragraphs {
    private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n");

    private Paragraphs() {
    }

    /** Adds the paragraphs of {@code text[from, to)} to {@code out}, each under {@code heading} on {@code page}. */
    static void split(String text, int from, int to, String heading, Integer page, List<Block> out) {
        Matcher blank = BLANK_LINE.matcher(text).region(from, to);
        int start = from;
        while (blank.find()) {
            add(text, start, blank.start(), heading, page, out);
            start = blank.end();
        }
        add(text, start, to, heading, page, out);
    }

    private static void add(String text, int start, int end, String heading, Integer page, List<Block> out) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end > start) {
            out.add(new Block(start, end, heading, page));
        }
    }
}
