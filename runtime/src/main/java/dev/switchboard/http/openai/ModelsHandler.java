package dev.switchboard.http.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.error.ClientText;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.Clients;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.deployment.ModelTable;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} in OpenAI's shape, with the catalog's
 * facts added to each model: context window, output limit, capabilities and prices (USD per
 * million tokens); or in Anthropic's shape for Anthropic clients. The routing tables never change while the server runs, so the list is
 * rendered once.
 */
public final class ModelsHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    // Anthropic's API has no creation dates for models here; the epoch says "unknown" in its format.
    private static final String UNKNOWN_DATE = "1970-01-01T00:00:00Z";

    // Anthropic's page size when the client names none, and the most it allows.
    private static final int ANTHROPIC_DEFAULT_LIMIT = 20;
    private static final int ANTHROPIC_MAX_LIMIT = 1000;

    private final ModelTable models;
    private final byte[] list;
    private final List<String> ids;

    public ModelsHandler(ModelTable models) {
        this.models = models;
        ArrayNode data = JSON.createArrayNode();
        models.listings().forEach(listing -> data.add(describe(listing.id(), listing.deployment())));
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        body.set("data", data);
        this.list = body.toString().getBytes(StandardCharsets.UTF_8);
        this.ids = models.listings().stream().map(ModelTable.Listing::id).toList();
    }

    /** The list, in Anthropic's paged shape for Anthropic clients (they send {@code anthropic-version}), else OpenAI's. */
    public void list(Context ctx) {
        if (!Clients.speaksAnthropic(ctx)) {
            ctx.contentType("application/json").result(list);
            return;
        }
        ctx.contentType("application/json").result(anthropicPage(ctx).toString());
    }

    /** One page after {@code after_id} or before {@code before_id}, of {@code limit} models, as Anthropic pages. */
    private ObjectNode anthropicPage(Context ctx) {
        int limit = ANTHROPIC_DEFAULT_LIMIT;
        String limitParam = ctx.queryParam("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > ANTHROPIC_MAX_LIMIT) {
                throw new GatewayException.InvalidRequest("limit: Input should be between 1 and " + ANTHROPIC_MAX_LIMIT, "limit");
            }
        }
        int from = 0;
        int to = ids.size();
        String after = ctx.queryParam("after_id");
        String before = ctx.queryParam("before_id");
        // An id no longer listed ends the paging rather than restarting it.
        if (after != null) {
            int at = ids.indexOf(after);
            from = at < 0 ? ids.size() : at + 1;
        } else if (before != null) {
            to = Math.max(0, ids.indexOf(before));
            from = Math.max(0, to - limit);
        }
        List<String> page = ids.subList(Math.min(from, ids.size()), Math.min(Math.min(from + limit, to), ids.size()));
        ArrayNode data = JSON.createArrayNode();
        page.forEach(id -> data.add(describeForAnthropic(id)));
        ObjectNode body = JSON.createObjectNode();
        body.set("data", data);
        body.put("has_more", before != null ? from > 0 : from + page.size() < ids.size());
        body.put("first_id", page.isEmpty() ? null : page.get(0));
        body.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1));
        return body;
    }

    /** A model by id: anything routable, listed or not (bare catalog names, {@code provider/model}). */
    public void get(Context ctx) {
        String id = ClientText.bounded("model", ctx.pathParam("id"), ClientText.MAX_NAME_CHARS);
        // The model's first deployment describes it: weights spread traffic, they do not change what the model is.
        Deployment deployment = models.resolve(id).deployments().get(0);
        ObjectNode model = Clients.speaksAnthropic(ctx) ? describeForAnthropic(id) : describe(id, deployment);
        ctx.contentType("application/json").result(model.toString());
    }

    private static ObjectNode describeForAnthropic(String id) {
        return JSON.createObjectNode().put("type", "model").put("id", id).put("display_name", id).put("created_at", UNKNOWN_DATE);
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
