package dev.switchboard.rag.index;

import dev.switchboard.rag.ingest.Chunk;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One document as it is written to an index: its chunks and their vectors, replacing whatever the
 * index held under its id.
 *
 * @param id          the document id
 * @param contentHash SHA-256 of its source bytes (and chunking settings): an unchanged document is skipped
 * @param fileId      the id of the file it came from (a JSONL file holds many documents)
 * @param source      the file's name
 * @param title       its title, or null
 * @param attributes  its metadata, which filters match
 * @param chunks      its chunks, in order
 * @param vectors     one unit-length vector per chunk
 */
public record IndexedDocument(String id, String contentHash, String fileId, String source, String title, Map<String, String> attributes,
                              List<Chunk> chunks, List<float[]> vectors) {
    public IndexedDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(contentHash, "contentHash");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        chunks = List.copyOf(chunks);
        vectors = List.copyOf(vectors);
        if (chunks.size() != vectors.size()) {
            throw new IllegalArgumentException(chunks.size() + " chunks but " + vectors.size() + " vectors");
        }
    }
}
