package dev.switchboard.rag.ingest;

import java.util.Map;
import java.util.Objects;

/**
 * A file handed to ingestion: an upload or a file on disk.
 *
 * @param id         the document id its chunks get (a file id, a path relative to the indexed folder); a JSONL
 *                   file's records take their own ids
 * @param name       its file name, which picks the parser by extension, and the hits' {@code source}
 * @param bytes      its content
 * @param attributes user metadata for every document it holds
 */
public record SourceFile(String id, String name, byte[] bytes, Map<String, String> attributes) {
    public SourceFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
