package dev.switchboard.rag;

/**
 * What ingesting one file did.
 *
 * @param fileId    the file's id
 * @param name      its name
 * @param status    indexed, unchanged (skipped: same content hash) or failed
 * @param documents documents written (a JSONL file holds many)
 * @param chunks    chunks written
 * @param skipped   documents left as they were, their content unchanged
 * @param error     why it failed; null otherwise
 */
public record IngestResult(String fileId, String name, Status status, int documents, int chunks, int skipped, String error) {

    /** How a file's ingestion ended. */
    public enum Status {
        /** At least one of its documents was written. */
        INDEXED,
        /** Every document it holds was already indexed with the same content. */
        UNCHANGED,
        /** It could not be read; nothing of it was written. */
        FAILED
    }

    static IngestResult failed(String fileId, String name, String error) {
        return new IngestResult(fileId, name, Status.FAILED, 0, 0, 0, error);
    }
}
