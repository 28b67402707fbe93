package dev.switchboard.http;

import dev.switchboard.pipeline.RequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.error.GatewayException;
import dev.switchboard.reliability.Plan;
import dev.switchboard.reliability.Stage;
import dev.switchboard.route.Deployment;
import dev.switchboard.routing.Decision;
import dev.switchboard.routing.Hints;
import dev.switchboard.routing.Router;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The route stage of the chat endpoints and the dry run: for a request naming {@code auto} or
 * {@code auto:<profile>}, reads the hints (header {@code x-switchboard-route}, or the body's
 * {@code "switchboard": {"route": {...}}}), removes that body extension so no upstream sees it,
 * and asks the {@link Router}. Only routed requests pay for the decode; a request naming its
 * model never reaches this class.
 */
public final class AutoRouting {
    /** The body field carrying the gateway's own request options; never sent upstream. */
    static final String EXTENSION = "switchboard";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Router> router;

    public AutoRouting(Supplier<Router> router) {
        this.router = router;
    }

    /**
     * @param body the request as the client sent it, without the extension field
     */
    public record Routed(byte[] body, Decision decision) {
    }

    /** Decides the model for an auto request sent in {@code dialect}'s format. */
    public Routed route(Context ctx, RequestContext request, byte[] body, String requested, ClientDialect dialect) {
        JsonNode tree = readTree(body);
        Hints hints = Hints.parseHeader(ctx.header(Hints.HEADER)).or(Hints.parseJson(tree.path(EXTENSION).path("route")));
        byte[] stripped = body;
        if (tree.has(EXTENSION)) {
            ((ObjectNode) tree).remove(EXTENSION);
            stripped = write(tree);
        }
        ChatRequest chat = dialect.decodeRequest(stripped);
        return new Routed(stripped, router.get().route(chat, requested, hints, request.caller()));
    }

    /**
     * The plan without deployments a sensitive prompt may not reach: the chosen model's are all
     * allowed (the router chose it for that), fallbacks lose the others and are dropped when none is left.
     */
    public static Plan restrict(Plan plan, Decision decision) {
        if (decision == null || decision.sensitiveProviders() == null) {
            return plan;
        }
        List<Stage> stages = plan.stages().stream()
                .map(s -> new Stage(s.model(), s.deployments().stream().filter(d -> allowed(d, decision)).toList(), s.balance(),
                        s.maxAttempts(), s.enterOn()))
                .filter(s -> !s.deployments().isEmpty()).toList();
        return new Plan(plan.requested(), stages, plan.stream(), plan.deadlineNanos(), plan.timeout(), plan.firstTokenTimeout(),
                plan.hedge(), plan.backoff());
    }

    private static boolean allowed(Deployment deployment, Decision decision) {
        return decision.sensitiveProviders().contains(deployment.provider().name());
    }

    private static JsonNode readTree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            // The endpoint's own parse accepted the body before this stage runs.
            throw new GatewayException.InvalidRequest("We could not parse the JSON body of your request.");
        }
    }

    private static byte[] write(JsonNode tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
