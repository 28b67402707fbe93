package dev.switchboard.rag.ingest;

/**
 * A structural unit of a document's extracted text — a paragraph, a list item, a PDF page's
 * paragraph — that chunking keeps whole where it can and never joins across a heading or a page.
 *
 * @param start   offset of its first character in the document's text
 * @param end     offset just past its last character
 * @param heading the heading it sits under, or null
 * @param page    the PDF page it is on (from 1), or null
 */
public record Block(int start, int end, String heading, Integer page) {
    public Block {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("a block's range is [" + start + ", " + end + ")");
        }
    }

    /** Whether chunking may join this block to {@code next} (same heading, same page). */
    boolean joins(Block next) {
        return java.util.Objects.equals(heading, next.heading) && java.util.Objects.equals(page, next.page);
    }
}
