package dev.switchboard.http.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.route.Deployment;
import dev.switchboard.route.ModelRouter;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} in OpenAI's shape, with the catalog's
 * facts added to each model: context window, output limit, capabilities and prices (USD per
 * million tokens). The routing tables never change while the server runs, so the list is
 * rendered once.
 */
public final class ModelsHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelRouter router;
    private final byte[] list;

    public ModelsHandler(ModelRouter router) {
        this.router = router;
        ArrayNode data = JSON.createArrayNode();
        router.listings().forEach(listing -> data.add(describe(listing.id(), listing.deployment())));
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        body.set("data", data);
        this.list = body.toString().getBytes(StandardCharsets.UTF_8);
    }

    public void list(Context ctx) {
        ctx.contentType("application/json").result(list);
    }

    /** A model by id: anything routable, listed or not (bare catalog names, {@code provider/model}). */
    public void get(Context ctx) {
        String id = ctx.pathParam("id");
        Deployment deployment = router.route(id);
        ctx.contentType("application/json").result(describe(id, deployment).toString());
    }

    private static ObjectNode describe(String id, Deployment deployment) {
        ObjectNode model = JSON.createObjectNode()
                .put("id", id)
                .put("object", "model")
                .put("created", 0)
                .put("owned_by", deployment.provider().name())
                .put("upstream_model", deployment.upstreamModel());
        deployment.catalogEntry().ifPresent(entry -> addCatalogFacts(model, entry));
        return model;
    }

    private static void addCatalogFacts(ObjectNode model, CatalogEntry entry) {
        model.put("mode", entry.mode().name().toLowerCase(java.util.Locale.ROOT));
        if (entry.contextWindow() != null) {
            model.put("context_window", entry.contextWindow());
        }
        if (entry.maxOutputTokens() != null) {
            model.put("max_output_tokens", entry.maxOutputTokens());
        }
        model.set("capabilities", JSON.createObjectNode()
                .put("tools", entry.capabilities().tools())
                .put("vision", entry.capabilities().vision())
                .put("json_schema", entry.capabilities().jsonSchema())
                .put("reasoning", entry.capabilities().reasoning())
                .put("prompt_caching", entry.capabilities().promptCaching()));
        Pricing pricing = entry.pricing();
        ObjectNode prices = JSON.createObjectNode();
        putPrice(prices, "input", pricing.inputPerMTok());
        putPrice(prices, "output", pricing.outputPerMTok());
        putPrice(prices, "cache_read", pricing.cacheReadPerMTok());
        putPrice(prices, "cache_write", pricing.cacheWritePerMTok());
        model.set("pricing_usd_per_mtok", prices);
    }

    private static void putPrice(ObjectNode prices, String name, BigDecimal value) {
        if (value == null) {
            prices.putNull(name);
        } else {
            prices.put(name, value);
        }
    }
}
