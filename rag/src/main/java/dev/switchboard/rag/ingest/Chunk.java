package dev.switchboard.rag.ingest;

/**
 * A stretch of a document's text that is indexed, embedded and returned as one hit.
 *
 * @param index   its position in the document, from 0
 * @param start   offset of its first character in the document's text
 * @param end     offset just past its last character
 * @param text    the document's text in [start, end)
 * @param heading the heading it sits under, or null
 * @param page    its PDF page, or null
 */
public record Chunk(int index, int start, int end, String text, String heading, Integer page) {
}
