package dev.switchboard.rag.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.rag.Collection;
import dev.switchboard.rag.Hit;
import dev.switchboard.rag.RagException;
import dev.switchboard.rag.RagStore;
import dev.switchboard.rag.SearchMode;
import dev.switchboard.rag.SearchRequest;
import dev.switchboard.rag.embed.Embedders;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Search as a tool for agents and MCP clients: {@value #NAME}, over the caller's team's
 * collections only. Its name, description and JSON Schema are what a tool registry lists; {@link #call}
 * runs it. The result is JSON (for structured content) and text (numbered passages with their
 * citations, for a model to quote).
 *
 * <p>Arguments: {@code query} (required), {@code collection} (a name or id; all the team's
 * collections when absent), {@code top_k} (1 to {@value #MAX_TOP_K}, default 5), {@code mode}
 * ({@code hybrid}, {@code bm25}, {@code vector}) and {@code filters} (metadata field to the value
 * a document must have). Thread-safe.
 */
public final class SearchTool {
    public static final String NAME = "rag_search";
    static final int MAX_TOP_K = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RagStore store;

    public SearchTool(RagStore store) {
        this.store = store;
    }

    public String name() {
        return NAME;
    }

    public String description() {
        return "Search the documents in your team's collections (knowledge bases) and get the passages that match, "
                + "each with its document, source file, page and character offsets to cite. Hybrid search (keywords and meaning) by default.";
    }

    /** The tool's input, as JSON Schema. */
    public ObjectNode inputSchema() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("query").put("type", "string").put("description", "What to search for, in natural language or keywords.");
        properties.putObject("collection").put("type", "string")
                .put("description", "The collection's name or id; every collection of the team when omitted.");
        properties.putObject("top_k").put("type", "integer").put("minimum", 1).put("maximum", MAX_TOP_K).put("default", 5)
                .put("description", "How many passages to return.");
        ArrayNode modes = properties.putObject("mode").put("type", "string").put("default", "hybrid").putArray("enum");
        for (SearchMode mode : SearchMode.values()) {
            modes.add(mode.wire());
        }
        properties.putObject("filters").put("type", "object").put("description", "Metadata a document must have: field to exact value.")
                .putObject("additionalProperties").put("type", "string");
        schema.putArray("required").add("query");
        schema.put("additionalProperties", false);
        return schema;
    }

    /** One passage found, with its citation. */
    public record Passage(String collection, Hit hit) {
    }

    /** What a call found. */
    public record Result(String query, List<Passage> passages) {

        /** The result as JSON: {@code {"query": ..., "results": [{collection, document_id, source, title, page, start, end, score, text}]}}. */
        public ObjectNode json() {
            ObjectNode out = JSON.createObjectNode().put("query", query);
            ArrayNode results = out.putArray("results");
            for (Passage p : passages) {
                Hit h = p.hit();
                ObjectNode r = results.addObject().put("collection", p.collection()).put("document_id", h.documentId())
                        .put("source", h.source()).put("title", h.title());
                if (h.page() != null) {
                    r.put("page", h.page());
                }
                r.put("start", h.start()).put("end", h.end()).put("score", h.score()).put("text", h.text());
            }
            return out;
        }

        /** The result as text for a model: numbered passages, each headed by its citation. */
        public String text() {
            if (passages.isEmpty()) {
                return "No passages found for: " + query;
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < passages.size(); i++) {
                Hit h = passages.get(i).hit();
                out.append('[').append(i + 1).append("] ").append(h.source());
                if (h.page() != null) {
                    out.append(", page ").append(h.page());
                }
                out.append(", characters ").append(h.start()).append('-').append(h.end())
                        .append(" (collection ").append(passages.get(i).collection()).append(", document ").append(h.documentId()).append(")\n")
                        .append(h.text()).append("\n\n");
            }
            return out.toString().strip();
        }
    }

    /**
     * Runs a search for a caller.
     *
     * @param team      the caller's team (null for a gateway without governance): only its collections are searched
     * @param embedders embeds the query with each collection's model, billed to the caller
     * @throws RagException {@code INVALID} for bad arguments, {@code NOT_FOUND} for a collection the team does not have
     */
    public Result call(String team, Embedders embedders, JsonNode arguments) {
        if (arguments == null || !arguments.isObject()) {
            throw RagException.invalid("arguments", "The arguments must be an object with at least 'query'.");
        }
        for (Map.Entry<String, JsonNode> field : arguments.properties()) {
            if (!inputSchema().path("properties").has(field.getKey())) {
                throw RagException.invalid(field.getKey(), "Unknown argument '" + field.getKey()
                        + "'; expected query, collection, top_k, mode, filters.");
            }
        }
        JsonNode query = arguments.path("query");
        if (!query.isTextual()) {
            throw RagException.invalid("query", "Missing 'query': the text to search for.");
        }
        int topK = 5;
        if (arguments.has("top_k")) {
            JsonNode k = arguments.get("top_k");
            if (!k.canConvertToExactIntegral() || k.asInt() < 1 || k.asInt() > MAX_TOP_K) {
                throw RagException.invalid("top_k", "Invalid 'top_k': " + k + "; expected an integer from 1 to " + MAX_TOP_K + ".");
            }
            topK = k.asInt();
        }
        SearchMode mode = arguments.has("mode") ? SearchMode.parse("mode", arguments.get("mode").asText()) : SearchMode.HYBRID;
        Map<String, String> filters = new LinkedHashMap<>();
        JsonNode f = arguments.path("filters");
        if (!f.isMissingNode() && !f.isNull()) {
            if (!f.isObject()) {
                throw RagException.invalid("filters", "Invalid 'filters': expected an object of field to value.");
            }
            f.properties().forEach(e -> filters.put(e.getKey(), e.getValue().asText()));
        }
        SearchRequest request = new SearchRequest(query.asText(), mode, topK, filters, null, false);
        List<Collection> targets = arguments.hasNonNull("collection")
                ? List.of(store.get(team, arguments.get("collection").asText()))
                : store.list(team);
        List<Passage> passages = new ArrayList<>();
        for (Collection collection : targets) {
            for (Hit hit : collection.search(request, embedders)) {
                passages.add(new Passage(collection.name(), hit));
            }
        }
        // Across collections, by score: hybrid and vector scores share a scale (normalised, cosine); BM25's differ by collection.
        passages.sort(Comparator.comparingDouble((Passage p) -> p.hit().score()).reversed());
        return new Result(query.asText(), List.copyOf(passages.subList(0, Math.min(topK, passages.size()))));
    }
}
