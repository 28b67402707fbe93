package dev.switchboard.retrieval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A file added to a collection (OpenAI's vector store file): its ingestion job's state, kept in
 * {@code <data>/rag/jobs/<collection>/<file>.json} so the job outlives the request and a restart.
 *
 * @param fileId       the uploaded file's id
 * @param collectionId the collection's id
 * @param status       {@code in_progress}, {@code completed} or {@code failed}
 * @param createdAt    when it was added, in epoch seconds
 * @param usageBytes   the file's size
 * @param error        why it failed; null otherwise
 * @param errorCode    OpenAI's {@code last_error.code}: {@code invalid_file}, {@code unsupported_file} or {@code server_error}
 * @param attributes   the metadata every document of the file carries
 * @param local        whether the collection embeds in process, so the job may resume after a restart without its caller
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileJob(@JsonProperty("file_id") String fileId, @JsonProperty("collection_id") String collectionId,
               @JsonProperty("status") String status, @JsonProperty("created_at") long createdAt,
               @JsonProperty("usage_bytes") long usageBytes, @JsonProperty("error") String error,
               @JsonProperty("error_code") String errorCode, @JsonProperty("attributes") Map<String, String> attributes,
               @JsonProperty("local") boolean local) {
    public static final String IN_PROGRESS = "in_progress";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public FileJob {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public FileJob completed() {
        return new FileJob(fileId, collectionId, COMPLETED, createdAt, usageBytes, null, null, attributes, local);
    }

    public FileJob failed(String code, String why) {
        return new FileJob(fileId, collectionId, FAILED, createdAt, usageBytes, why, code, attributes, local);
    }
}
