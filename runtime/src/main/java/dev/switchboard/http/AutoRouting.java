package dev.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.routing.Hints;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * What HTTP adds to routing a request that names {@code auto} or {@code auto:<profile>}: its
 * hints, from the header {@code x-switchboard-route} or the body's
 * {@code "switchboard": {"route": {...}}}, and the body without that extension, so no upstream
 * sees it. Only routed requests pay for this decode; a request naming its model never reaches it.
 * The choice itself is the pipeline's route stage ({@link dev.switchboard.pipeline.AutoRoute}).
 */
final class AutoRouting {
    /** The body field carrying the gateway's own request options; never sent upstream. */
    static final String EXTENSION = "switchboard";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AutoRouting() {
    }

    /** @param body the request as the client sent it, without the extension field */
    record Prepared(byte[] body, Hints hints) {
    }

    /** The hints of a routed request (the header's first, then the body's) and its body without the extension. */
    static Prepared prepare(Context ctx, byte[] body) {
        JsonNode tree = readTree(body);
        Hints hints = Hints.parseHeader(ctx.header(Hints.HEADER)).or(Hints.parseJson(tree.path(EXTENSION).path("route")));
        if (!tree.has(EXTENSION)) {
            return new Prepared(body, hints);
        }
        ((ObjectNode) tree).remove(EXTENSION);
        try {
            return new Prepared(JSON.writeValueAsBytes(tree), hints);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body as a tree; the endpoint's parse has accepted it as JSON already. */
    static JsonNode readTree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            // The endpoint's own parse accepted the body before this runs.
            throw new GatewayException.InvalidRequest("We could not parse the JSON body of your request.");
        }
    }
}
