package dev.switchboard.rag.ingest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A document's text as extracted, with its structure. Hits cite offsets into {@code text}: for
 * plain text and Markdown the file's own characters, for HTML and PDF the text extracted from them.
 *
 * @param id         the document id
 * @param source     the file it came from
 * @param title      its title (a Markdown or HTML heading, the PDF's title, a JSONL record's), or null
 * @param text       its extracted text
 * @param blocks     its paragraphs, in order, within {@code text}
 * @param attributes metadata: the user's and what extraction found (e.g. {@code pages})
 */
public record ParsedDocument(String id, String source, String title, String text, List<Block> blocks, Map<String, String> attributes) {
    /** A document of plain text, its paragraphs at blank lines. */
    public static ParsedDocument plain(String id, String source, String title, String text, Map<String, String> attributes) {
        List<Block> blocks = new java.util.ArrayList<>();
        Paragraphs.split(text, 0, text.length(), null, null, blocks);
        return new ParsedDocument(id, source, title, text, blocks, attributes);
    }

    public ParsedDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        blocks = List.copyOf(blocks);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        for (Block block : blocks) {
            if (block.end() > text.length()) {
                throw new IllegalArgumentException("a block ends at " + block.end() + " past the text's " + text.length() + " characters");
            }
        }
    }
}
