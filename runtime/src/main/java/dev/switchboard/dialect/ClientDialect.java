package dev.switchboard.dialect;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.error.GatewayException;
import java.math.BigDecimal;

/**
 * The client-facing half of a wire format: reading what a client sent and writing answers back in
 * the same format, when the upstream speaks another one. Implementations are stateless and
 * thread-safe; per-stream state lives in the {@link StreamEncoder} they create.
 */
public interface ClientDialect {

    WireFormat format();

    /**
     * Decodes a request body into the neutral form.
     *
     * @throws GatewayException.InvalidRequest for malformed bodies, naming the field
     */
    ChatRequest decodeRequest(byte[] body);

    /**
     * Encodes a complete answer.
     *
     * @param cost the answer's cost in USD, added where the format allows extra fields; null when unknown
     */
    byte[] encodeResponse(ChatResult result, BigDecimal cost);

    /**
     * A fresh encoder for one streamed answer.
     *
     * @param request the decoded request (e.g. whether an OpenAI client asked for the usage chunk)
     */
    StreamEncoder newStreamEncoder(ChatRequest request);

    /** An error body in this format's shape. */
    byte[] encodeError(GatewayException error);
}
