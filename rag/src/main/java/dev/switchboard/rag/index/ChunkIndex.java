package dev.switchboard.rag.index;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A collection's index: {@link Retriever} plus the writes ingestion makes. {@link LuceneIndex} is
 * the embedded one; a distributed engine implements the same operations (docs/rag.md).
 *
 * <p>Writes are atomic per document: {@link #put} replaces a document's chunks in one step, so a
 * reader sees the old chunks or the new ones, never a mix; concurrent writes of one document leave
 * one of them. {@link #commit} makes every write before it durable: after a crash the index opens
 * at its last commit, whole.
 */
public interface ChunkIndex extends Retriever, Closeable {

    /** The content hash stored with a document, or empty when the index does not hold it. */
    Optional<String> contentHash(String documentId);

    /** Adds a document, replacing any the index held under its id; visible to searches when this returns. */
    void put(IndexedDocument document);

    /** Removes a document and its chunks; returns whether it was there. */
    boolean delete(String documentId);

    /** Makes every write so far durable, with {@code userData} stored alongside the commit. */
    void commit(Map<String, String> userData);

    /** What the last commit stored with {@link #commit}. */
    Map<String, String> committedUserData();

    /** The documents held, with their chunk counts. */
    List<DocumentEntry> documents();

    /** A document's chunks' texts, titles and metadata as stored: what a rebuild re-embeds. */
    Optional<IndexedDocument> read(String documentId);

    /** Number of chunks held. */
    long chunkCount();

    /** Bytes the index takes on disk. */
    long sizeBytes();

    @Override
    void close();

    /** A document held by the index. */
    record DocumentEntry(String id, String fileId, String source, String title, int chunks, String contentHash) {
    }
}
