package dev.switchboard.rag;

import java.util.Map;

/**
 * One chunk a search found, with what an answer needs to cite it.
 *
 * @param documentId the document's id in its collection (a file id, a path, a JSONL record's id)
 * @param fileId     the id of the file it came from (the document's own id, except for a JSONL file's records)
 * @param chunk      the chunk's index within its document, from 0
 * @param text       the chunk's text
 * @param score      its score under the search's mode (BM25, cosine similarity, or the fused score)
 * @param source     where the document came from: a file name or path
 * @param title      the document's title, or null
 * @param heading    the heading the chunk sits under, or null
 * @param page       the PDF page the chunk starts on (from 1), or null for other types
 * @param start      offset of the chunk's first character in its document's extracted text
 * @param end        offset just past its last character; {@code text} is that range of the extracted text
 * @param attributes the document's metadata: user fields and those ingestion found
 */
public record Hit(String documentId, String fileId, int chunk, String text, double score, String source, String title, String heading,
                  Integer page, int start, int end, Map<String, String> attributes) {
    public Hit {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public Hit withScore(double newScore) {
        return new Hit(documentId, fileId, chunk, text, newScore, source, title, heading, page, start, end, attributes);
    }
}
