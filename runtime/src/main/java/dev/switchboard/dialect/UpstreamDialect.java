package dev.switchboard.dialect;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.error.GatewayException;
import java.util.Optional;

/**
 * The upstream-facing half of a wire format: writing a neutral request in the vendor's format and
 * reading its answers, errors and streams back. Stateless and thread-safe; per-stream state lives
 * in the {@link StreamDecoder} it creates.
 */
public interface UpstreamDialect {

    WireFormat format();

    /**
     * Encodes a request for the vendor.
     *
     * @param upstreamModel the deployment's model name, which replaces {@link ChatRequest#model()}
     * @throws GatewayException.InvalidRequest when the request uses something this vendor cannot
     *         express (e.g. {@code n > 1} for Anthropic): never dropped silently
     */
    byte[] encodeRequest(ChatRequest request, String upstreamModel);

    /** Decodes a complete (non-streamed) answer. */
    ChatResult decodeResponse(byte[] body);

    /** A fresh decoder for one streamed answer. */
    StreamDecoder newStreamDecoder();

    /** Reads the vendor's error response, keeping its status and message. */
    GatewayException.UpstreamRejected decodeError(int status, byte[] body, Optional<String> retryAfter);

    /**
     * The 400 for a request whose encoding the JSON writer refused. A client's value nested close to
     * the parser's limit of 1,000 levels (a tool's schema, a call's arguments) passes the checks on
     * the way in, and lands deeper than the writer's limit of 1,000 once wrapped in another
     * vendor's form.
     */
    static GatewayException.InvalidRequest nestedTooDeep() {
        return new GatewayException.InvalidRequest("The request cannot be translated for this model's provider: in the provider's "
                + "format it would be nested more than 1,000 levels deep.");
    }
}
