package dev.switchboard.rag;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A collection's identity and settings, as stored in its folder's {@code collection.json}.
 *
 * @param id         its id, {@code vs_} and 24 hex digits (the OpenAI API's vector store id)
 * @param name       its name, unique within its team
 * @param team       the team that owns it; null for a gateway without governance
 * @param createdAt  when it was made, in seconds since the epoch
 * @param settings   its embedding model and chunking
 * @param metadata   the user's key-value pairs
 * @param generation which index folder holds its chunks ({@code index-<generation>}); a rebuild writes the next
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CollectionInfo(@JsonProperty("id") String id, @JsonProperty("name") String name, @JsonProperty("team") String team,
                             @JsonProperty("created_at") long createdAt, @JsonProperty("settings") CollectionSettings settings,
                             @JsonProperty("metadata") Map<String, String> metadata, @JsonProperty("generation") int generation) {
    /** Letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public CollectionInfo {
        Objects.requireNonNull(id, "id");
        requireValidName(name);
        settings = settings == null ? CollectionSettings.DEFAULT : settings;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** @throws RagException naming the rule a collection name breaks */
    public static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw RagException.invalid("name", "Invalid collection name '" + (name == null ? "" : name)
                    + "': use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    CollectionInfo withGeneration(int next, CollectionSettings newSettings) {
        return new CollectionInfo(id, name, team, createdAt, newSettings, metadata, next);
    }

    CollectionInfo withNameAndMetadata(String newName, Map<String, String> newMetadata) {
        return new CollectionInfo(id, newName, team, createdAt, settings, newMetadata, generation);
    }
}
