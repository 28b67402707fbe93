package dev.switchboard.rag.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown: ATX headings ({@code #} to {@code ######}) start sections; a section's paragraphs are
 * its blocks, each under the nearest heading. The first heading is the title, else the file name.
 * Fenced code blocks are kept whole: a {@code #} inside one is not a heading. Offsets are into the
 * file's own text, so a citation points at the Markdown source.
 */
final class Markdown {
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.+?)[ \\t#]*$", Pattern.MULTILINE);
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)", Pattern.MULTILINE);

    private Markdown() {
    }

    static List<ParsedDocument> parse(SourceFile file) {
        String text = PlainText.Text.decode(file.bytes());
        List<int[]> fences = fences(text);
        List<Block> blocks = new ArrayList<>();
        String title = null;
        String heading = null;
        int sectionStart = 0;
        Matcher m = HEADING.matcher(text);
        while (m.find()) {
            if (inside(fences, m.start())) {
                continue;
            }
            Paragraphs.split(text, sectionStart, m.start(), heading, null, blocks);
            heading = m.group(2).strip();
            if (title == null) {
                title = heading;
            }
            sectionStart = m.end();
        }
        Paragraphs.split(text, sectionStart, text.length(), heading, null, blocks);
        return List.of(new ParsedDocument(file.id(), file.name(), title == null ? Parsers.baseName(file.name()) : title, text, blocks,
                file.attributes()));
    }

    /** The [start, end) ranges of fenced code blocks; an unclosed fence runs to the end. */
    private static List<int[]> fences(String text) {
        List<int[]> out = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            int start = m.start();
            String opening = m.group(1);
            int end = text.length();
            while (m.find()) {
                if (m.group(1).equals(opening)) {
                    end = m.end();
                    break;
                }
            }
            out.add(new int[] {start, end});
        }
        return out;
    }

    private static boolean inside(List<int[]> ranges, int offset) {
        for (int[] range : ranges) {
            if (offset >= range[0] && offset < range[1]) {
                return true;
            }
        }
        return false;
    }
}
