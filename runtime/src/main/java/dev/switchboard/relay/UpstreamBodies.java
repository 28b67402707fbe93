package dev.switchboard.relay;

import dev.switchboard.error.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeoutException;

/** Reads a complete upstream answer, turning transport failures into the gateway's errors. */
public final class UpstreamBodies {
    // A chat completion or a batch of embeddings; anything larger is not an answer the gateway should hold in memory.
    static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private UpstreamBodies() {
    }

    /**
     * @throws GatewayException.UpstreamTimeout     when the upstream stops sending before the end
     * @throws GatewayException.UpstreamUnavailable when the connection fails or the answer is too large
     */
    public static byte[] readAll(InputStream in) {
        try {
            byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (body.length > MAX_RESPONSE_BYTES) {
                throw new GatewayException.UpstreamUnavailable("The upstream's answer exceeds " + MAX_RESPONSE_BYTES + " bytes.");
            }
            return body;
        } catch (IOException e) {
            if (e.getCause() instanceof TimeoutException || e instanceof InterruptedIOException) {
                throw new GatewayException.UpstreamTimeout("The upstream did not finish its answer in time.");
            }
            throw new GatewayException.UpstreamUnavailable("The upstream connection failed while reading the answer: " + e.getClass().getSimpleName());
        }
    }

    /** The body of an error response, or what could be read of it. */
    public static byte[] readError(InputStream in) {
        try {
            return in.readNBytes(MAX_RESPONSE_BYTES);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
