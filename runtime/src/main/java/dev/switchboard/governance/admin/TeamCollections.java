package dev.switchboard.governance.admin;

import java.util.List;
import java.util.Map;

/**
 * A team's retrieval collections as the admin API sees them: what the RAG store implements for
 * {@code /admin/v1/teams/{id}/collections}, so the admin API needs nothing of RAG.
 */
public interface TeamCollections {

    /** Each of the team's collections as a JSON-ready view (id, name, model, counts, size). */
    List<Map<String, Object>> list(String teamId);

    /** Deletes one of the team's collections; false when the team has none of that id. */
    boolean delete(String teamId, String collectionId);

    /** No collections: a gateway built without RAG. */
    TeamCollections NONE = new TeamCollections() {
        @Override
        public List<Map<String, Object>> list(String teamId) {
            return List.of();
        }

        @Override
        public boolean delete(String teamId, String collectionId) {
            return false;
        }
    };
}
