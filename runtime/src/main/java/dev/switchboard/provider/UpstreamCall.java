package dev.switchboard.provider;

import java.util.Objects;

/**
 * One request to an upstream, body already in the upstream's wire format.
 *
 * @param body      the request body to send as is
 * @param streaming whether the upstream will answer with a server-sent event stream
 * @param requestId the gateway's request id, forwarded so upstream logs can be correlated
 */
public record UpstreamCall(byte[] body, boolean streaming, String requestId) {
    public UpstreamCall {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(requestId, "requestId");
    }
}
