package dev.switchboard.http.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.http.Requests;
import dev.switchboard.rag.Collection;
import dev.switchboard.rag.CollectionSettings;
import dev.switchboard.rag.Fusion;
import dev.switchboard.rag.Hit;
import dev.switchboard.rag.SearchMode;
import dev.switchboard.rag.SearchRequest;
import dev.switchboard.retrieval.FileJob;
import dev.switchboard.retrieval.RagService;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's vector stores API over the gateway's collections: create, list, get, modify and
 * delete stores; add, list, get and remove their files (ingested by a background job whose status
 * the file shows); search. Shapes and errors are OpenAI's, so its SDKs work unchanged; a few
 * fields extend them: a store's {@code embedding_model} and {@code quantized_vectors}, a search's
 * {@code mode} and {@code fusion}, a result's citation ({@code document_id}, {@code start},
 * {@code end}, {@code page}, ...). Every store belongs to the caller's team; another team's is not found.
 */
public final class VectorStoreRoutes {
    private static final Set<String> CREATE = Set.of("name", "file_ids", "metadata", "chunking_strategy", "expires_after",
            "embedding_model", "quantized_vectors", "description");
    private static final Set<String> MODIFY = Set.of("name", "metadata", "expires_after", "embedding_model");
    private static final Set<String> ADD_FILE = Set.of("file_id", "attributes", "chunking_strategy");
    private static final Set<String> SEARCH = Set.of("query", "max_num_results", "filters", "ranking_options", "rewrite_query", "mode",
            "fusion");
    private static final int MAX_RESULTS = 50;
    private static final int MAX_METADATA = 16;

    private final RagService rag;
    private final RequestBodies bodies;

    public VectorStoreRoutes(RagService rag, RequestBodies bodies) {
        this.rag = rag;
        this.bodies = bodies;
    }

    public void mount(JavalinDefaultRoutingApi routes) {
        routes.post("/v1/vector_stores", this::create);
        routes.get("/v1/vector_stores", this::list);
        routes.get("/v1/vector_stores/{id}", ctx -> Json.respond(ctx, 200, view(collection(ctx))));
        routes.post("/v1/vector_stores/{id}", this::modify);
        routes.delete("/v1/vector_stores/{id}", this::delete);
        routes.post("/v1/vector_stores/{id}/rebuild", this::rebuild);
        routes.post("/v1/vector_stores/{id}/files", this::addFile);
        routes.get("/v1/vector_stores/{id}/files", this::listFiles);
        routes.get("/v1/vector_stores/{id}/files/{file}", ctx -> {
            Collection c = collection(ctx);
            Json.respond(ctx, 200, fileView(c, rag.job(c, ctx.pathParam("file"))));
        });
        routes.delete("/v1/vector_stores/{id}/files/{file}", this::removeFile);
        routes.post("/v1/vector_stores/{id}/search", this::search);
    }

    private static Caller caller(Context ctx) {
        return Requests.of(ctx).caller();
    }

    private Collection collection(Context ctx) {
        return rag.store().get(RagService.team(caller(ctx)), ctx.pathParam("id"));
    }

    private void create(Context ctx) {
        ObjectNode body = Json.object(bodies.read(ctx), CREATE);
        String name = Json.string(body, "name");
        CollectionSettings settings = settings(body);
        Map<String, String> metadata = Json.map(body, "metadata", MAX_METADATA);
        List<String> fileIds = new ArrayList<>();
        JsonNode ids = body.path("file_ids");
        if (!ids.isMissingNode() && !ids.isNull()) {
            if (!ids.isArray()) {
                throw new GatewayException.InvalidRequest("Invalid type for 'file_ids': expected an array of file ids.", "file_ids");
            }
            ids.forEach(id -> fileIds.add(id.asText()));
        }
        String team = RagService.team(caller(ctx));
        // Check the files before creating anything: a bad id leaves no half-made store behind.
        var files = fileIds.stream().map(id -> rag.files().get(team, id)).toList();
        Collection c = rag.store().create(team, name == null ? "store-" + Long.toHexString(System.nanoTime()) : name, settings, metadata);
        files.forEach(f -> rag.add(caller(ctx), c, f, Map.of()));
        Json.respond(ctx, 200, view(c));
    }

    /** The store's chunking ({@code chunking_strategy}: {@code auto} or {@code static}) and model. */
    private static CollectionSettings settings(JsonNode body) {
        CollectionSettings defaults = CollectionSettings.DEFAULT;
        int chunk = defaults.chunkTokens();
        int overlap = defaults.overlapTokens();
        JsonNode strategy = body.path("chunking_strategy");
        if (!strategy.isMissingNode() && !strategy.isNull()) {
            String type = strategy.path("type").asText("");
            if (type.equals("static")) {
                JsonNode fixed = strategy.path("static");
                if (!fixed.path("max_chunk_size_tokens").canConvertToExactIntegral() || !fixed.path("chunk_overlap_tokens").canConvertToExactIntegral()) {
                    throw new GatewayException.InvalidRequest("A static chunking_strategy needs integer 'max_chunk_size_tokens' and "
                            + "'chunk_overlap_tokens'.", "chunking_strategy");
                }
                chunk = fixed.path("max_chunk_size_tokens").asInt();
                overlap = fixed.path("chunk_overlap_tokens").asInt();
            } else if (!type.equals("auto")) {
                throw new GatewayException.InvalidRequest("Invalid 'chunking_strategy.type': expected 'auto' or 'static'.", "chunking_strategy");
            }
        }
        JsonNode quantized = body.path("quantized_vectors");
        if (!quantized.isMissingNode() && !quantized.isBoolean()) {
            throw new GatewayException.InvalidRequest("Invalid type for 'quantized_vectors': expected a boolean.", "quantized_vectors");
        }
        return new CollectionSettings(Json.string(body, "embedding_model"), chunk, overlap, quantized.asBoolean(false));
    }

    private void list(Context ctx) {
        List<Collection> all = rag.store().list(RagService.team(caller(ctx)));
        if (!"asc".equals(ctx.queryParam("order"))) {
            all = all.reversed();
        }
        ArrayNode data = Json.MAPPER.createArrayNode();
        all.forEach(c -> data.add(view(c)));
        Json.respond(ctx, 200, page(data));
    }

    private void modify(Context ctx) {
        ObjectNode body = Json.object(bodies.read(ctx), MODIFY);
        Collection c = collection(ctx);
        String model = Json.string(body, "embedding_model");
        if (model != null && !model.equals(c.settings().embeddingModel())) {
            throw new GatewayException.Conflict("Changing the embedding model of vector store '" + c.id() + "' from '"
                    + c.settings().embeddingModel() + "' to '" + model + "' means re-embedding all its " + c.index().chunkCount()
                    + " chunks: ask for that with POST /v1/vector_stores/" + c.id() + "/rebuild {\"embedding_model\": \"" + model + "\"}.");
        }
        Collection updated = rag.store().update(RagService.team(caller(ctx)), c.id(), Json.string(body, "name"),
                Json.map(body, "metadata", MAX_METADATA));
        Json.respond(ctx, 200, view(updated));
    }

    private void rebuild(Context ctx) {
        ObjectNode body = Json.object(bodies.read(ctx), Set.of("embedding_model"));
        String model = Json.string(body, "embedding_model");
        if (model == null || model.isBlank()) {
            throw new GatewayException.InvalidRequest("Missing required parameter: 'embedding_model'.", "embedding_model");
        }
        Collection c = collection(ctx);
        rag.rebuild(caller(ctx), c, model);
        Json.respond(ctx, 202, view(c));
    }

    private void delete(Context ctx) {
        Collection c = collection(ctx);
        rag.delete(RagService.team(caller(ctx)), c.id());
        Json.respond(ctx, 200, Json.MAPPER.createObjectNode().put("id", c.id()).put("object", "vector_store.deleted").put("deleted", true));
    }

    private void addFile(Context ctx) {
        ObjectNode body = Json.object(bodies.read(ctx), ADD_FILE);
        String fileId = Json.string(body, "file_id");
        if (fileId == null) {
            throw new GatewayException.InvalidRequest("Missing required parameter: 'file_id'.", "file_id");
        }
        Collection c = collection(ctx);
        Map<String, String> attributes = Json.map(body, "attributes", MAX_METADATA);
        FileJob job = rag.add(caller(ctx), c, rag.files().get(RagService.team(caller(ctx)), fileId), attributes);
        Json.respond(ctx, 200, fileView(c, job));
    }

    private void listFiles(Context ctx) {
        Collection c = collection(ctx);
        String filter = ctx.queryParam("filter");
        ArrayNode data = Json.MAPPER.createArrayNode();
        rag.jobs(c.id()).stream().filter(j -> filter == null || filter.equals(j.status())).forEach(j -> data.add(fileView(c, j)));
        Json.respond(ctx, 200, page(data));
    }

    private void removeFile(Context ctx) {
        Collection c = collection(ctx);
        String fileId = ctx.pathParam("file");
        rag.remove(c, fileId);
        Json.respond(ctx, 200, Json.MAPPER.createObjectNode().put("id", fileId).put("object", "vector_store.file.deleted").put("deleted", true));
    }

    private void search(Context ctx) {
        ObjectNode body = Json.object(bodies.read(ctx), SEARCH);
        String query = query(body.get("query"));
        int max = 10;
        if (body.hasNonNull("max_num_results")) {
            JsonNode n = body.get("max_num_results");
            if (!n.canConvertToExactIntegral() || n.asInt() < 1 || n.asInt() > MAX_RESULTS) {
                throw new GatewayException.InvalidRequest("Invalid 'max_num_results': expected an integer from 1 to " + MAX_RESULTS + ".",
                        "max_num_results");
            }
            max = n.asInt();
        }
        Map<String, String> filters = new LinkedHashMap<>();
        if (body.hasNonNull("filters")) {
            filters(body.get("filters"), filters);
        }
        double threshold = body.path("ranking_options").path("score_threshold").asDouble(0);
        SearchMode mode = body.hasNonNull("mode") ? SearchMode.parse("mode", Json.string(body, "mode")) : SearchMode.HYBRID;
        Collection c = collection(ctx);
        List<Hit> hits = c.search(new SearchRequest(query, mode, max, filters, fusion(body.get("fusion")), false),
                rag.embedders(caller(ctx), "rag/" + c.id()));
        ArrayNode data = Json.MAPPER.createArrayNode();
        for (Hit hit : hits) {
            if (hit.score() >= threshold) {
                data.add(result(hit));
            }
        }
        ObjectNode page = Json.MAPPER.createObjectNode().put("object", "vector_store.search_results.page");
        page.putArray("search_query").add(query);
        page.set("data", data);
        page.put("has_more", false);
        page.putNull("next_page");
        Json.respond(ctx, 200, page);
    }

    /** A query: a string, or OpenAI's array of strings, searched together. */
    private static String query(JsonNode query) {
        if (query != null && query.isTextual()) {
            return query.asText();
        }
        if (query != null && query.isArray() && !query.isEmpty()) {
            List<String> parts = new ArrayList<>();
            query.forEach(q -> parts.add(q.asText()));
            return String.join(" ", parts);
        }
        throw new GatewayException.InvalidRequest("Missing required parameter: 'query' (a string or an array of strings).", "query");
    }

    /** OpenAI's filters, as far as exact matching goes: {@code eq} comparisons and {@code and} of them. */
    private static void filters(JsonNode filter, Map<String, String> out) {
        String type = filter.path("type").asText("");
        switch (type) {
            case "eq" -> {
                if (!filter.path("key").isTextual() || !filter.path("value").isValueNode()) {
                    throw new GatewayException.InvalidRequest("An 'eq' filter needs a string 'key' and a 'value'.", "filters");
                }
                out.put(filter.get("key").asText(), filter.get("value").asText());
            }
            case "and" -> {
                if (!filter.path("filters").isArray()) {
                    throw new GatewayException.InvalidRequest("An 'and' filter needs an array 'filters'.", "filters");
                }
                filter.get("filters").forEach(f -> filters(f, out));
            }
            default -> throw new GatewayException.InvalidRequest("Unsupported filter type '" + type
                    + "': this gateway supports 'eq' comparisons and 'and' of them.", "filters");
        }
    }

    private static Fusion fusion(JsonNode fusion) {
        if (fusion == null || fusion.isNull()) {
            return null;
        }
        Fusion d = Fusion.DEFAULT;
        String method = fusion.path("method").asText(d.method().name()).toUpperCase(Locale.ROOT);
        Fusion.Method m;
        try {
            m = Fusion.Method.valueOf(method);
        } catch (IllegalArgumentException e) {
            throw new GatewayException.InvalidRequest("Invalid 'fusion.method': expected 'rrf' or 'weighted'.", "fusion");
        }
        return new Fusion(m, fusion.path("rrf_k").asInt(d.rrfK()), fusion.path("vector_weight").asDouble(d.vectorWeight()),
                fusion.path("depth").asInt(d.depth()));
    }

    private static ObjectNode result(Hit hit) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("file_id", hit.fileId()).put("filename", hit.source()).put("score", hit.score());
        ObjectNode attributes = r.putObject("attributes");
        hit.attributes().forEach(attributes::put);
        r.putArray("content").addObject().put("type", "text").put("text", hit.text());
        r.put("document_id", hit.documentId()).put("chunk", hit.chunk()).put("title", hit.title()).put("heading", hit.heading());
        if (hit.page() == null) {
            r.putNull("page");
        } else {
            r.put("page", hit.page());
        }
        r.put("start", hit.start()).put("end", hit.end());
        return r;
    }

    private ObjectNode view(Collection c) {
        Map<String, Long> counts = rag.counts(c.id());
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        boolean busy = counts.get(FileJob.IN_PROGRESS) > 0 || rag.rebuilding(c.id());
        ObjectNode v = Json.MAPPER.createObjectNode().put("id", c.id()).put("object", "vector_store").put("created_at", c.info().createdAt())
                .put("name", c.name()).put("usage_bytes", c.index().sizeBytes());
        v.putObject("file_counts").put("in_progress", counts.get(FileJob.IN_PROGRESS)).put("completed", counts.get(FileJob.COMPLETED))
                .put("failed", counts.get(FileJob.FAILED)).put("cancelled", 0).put("total", total);
        v.put("status", busy ? "in_progress" : "completed").put("last_active_at", c.info().createdAt());
        ObjectNode metadata = v.putObject("metadata");
        c.info().metadata().forEach(metadata::put);
        v.putNull("expires_after");
        v.putNull("expires_at");
        v.put("embedding_model", c.settings().embeddingModel()).put("quantized_vectors", c.settings().quantizedVectors());
        v.set("chunking_strategy", chunking(c.settings()));
        return v;
    }

    private static ObjectNode chunking(CollectionSettings settings) {
        ObjectNode strategy = Json.MAPPER.createObjectNode().put("type", "static");
        strategy.putObject("static").put("max_chunk_size_tokens", settings.chunkTokens()).put("chunk_overlap_tokens", settings.overlapTokens());
        return strategy;
    }

    private static ObjectNode fileView(Collection c, FileJob job) {
        ObjectNode v = Json.MAPPER.createObjectNode().put("id", job.fileId()).put("object", "vector_store.file").put("created_at", job.createdAt())
                .put("vector_store_id", c.id()).put("status", job.status()).put("usage_bytes", job.usageBytes());
        if (job.error() == null) {
            v.putNull("last_error");
        } else {
            v.putObject("last_error").put("code", job.errorCode()).put("message", job.error());
        }
        ObjectNode attributes = v.putObject("attributes");
        job.attributes().forEach(attributes::put);
        v.set("chunking_strategy", chunking(c.settings()));
        return v;
    }

    private static ObjectNode page(ArrayNode data) {
        ObjectNode page = Json.MAPPER.createObjectNode().put("object", "list");
        page.set("data", data);
        page.put("first_id", data.isEmpty() ? null : data.get(0).path("id").asText());
        page.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).path("id").asText());
        page.put("has_more", false);
        return page;
    }
}
