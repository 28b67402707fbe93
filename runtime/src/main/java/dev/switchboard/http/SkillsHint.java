package dev.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.agent.SkillAgent;
import dev.switchboard.error.GatewayException;
import dev.switchboard.relay.Bytes;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A chat request's ask for skills, from the header {@code x-switchboard-skills} or the body's
 * gateway extension {@code "switchboard": {"skills": ...}}: {@code "*"} (or {@code true}) for every
 * skill the caller's key sees, or a list of names. The body's {@code skills} field is removed (and
 * the extension with it once empty) so no upstream sees it; a {@code route} beside it stays for
 * {@link AutoRouting}.
 *
 * <p>Cost on the hot path: a request without the header is scanned once for the bytes
 * {@code "switchboard"}; only a body that holds them is decoded.
 */
final class SkillsHint {
    static final String HEADER = "x-switchboard-skills";
    private static final String FIELD = "skills";
    private static final Bytes.Needle MARKER = new Bytes.Needle(("\"" + AutoRouting.EXTENSION + "\"").getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param body the request without the {@code skills} field */
    record Asked(SkillAgent.Selection selection, byte[] body) {
    }

    private SkillsHint() {
    }

    /** The request's ask for skills; null when it makes none. */
    static Asked read(Context ctx, byte[] body) {
        String header = ctx.header(HEADER);
        if (header != null && !header.isBlank()) {
            return new Asked(parseHeader(header), strip(body));
        }
        if (!MARKER.in(body)) {
            return null;
        }
        JsonNode tree = AutoRouting.readTree(body);
        JsonNode asked = tree.path(AutoRouting.EXTENSION).path(FIELD);
        if (asked.isMissingNode() || asked.isNull() || asked.isBoolean() && !asked.booleanValue()) {
            return asked.isMissingNode() ? null : new Asked(null, strip(body));
        }
        return new Asked(parseJson(asked), strip(body));
    }

    private static SkillAgent.Selection parseHeader(String header) {
        String value = header.strip();
        if (value.equals("*")) {
            return SkillAgent.Selection.ALL;
        }
        List<String> names = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new SkillAgent.Selection(false, names);
    }

    private static SkillAgent.Selection parseJson(JsonNode asked) {
        if (asked.isBoolean() || asked.isTextual() && asked.textValue().equals("*")) {
            return SkillAgent.Selection.ALL;
        }
        if (asked.isArray() && !asked.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (JsonNode name : asked) {
                if (!name.isTextual() || name.textValue().isBlank()) {
                    throw invalid();
                }
                names.add(name.textValue());
            }
            return new SkillAgent.Selection(false, names);
        }
        throw invalid();
    }

    private static GatewayException.InvalidRequest invalid() {
        return new GatewayException.InvalidRequest("switchboard.skills must be \"*\", true, or a non-empty list of skill names.",
                AutoRouting.EXTENSION + "." + FIELD);
    }

    /** The body without the extension's {@code skills} field, and without the extension when nothing else is left in it. */
    private static byte[] strip(byte[] body) {
        if (!MARKER.in(body)) {
            return body;
        }
        JsonNode tree = AutoRouting.readTree(body);
        if (!(tree.get(AutoRouting.EXTENSION) instanceof ObjectNode extension) || !extension.has(FIELD)) {
            return body;
        }
        extension.remove(FIELD);
        if (extension.isEmpty()) {
            ((ObjectNode) tree).remove(AutoRouting.EXTENSION);
        }
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
