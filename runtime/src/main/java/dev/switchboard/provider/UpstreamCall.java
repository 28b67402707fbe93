package dev.switchboard.provider;

import dev.switchboard.config.Secret;
import java.util.Map;
import java.util.Objects;

/**
 * One request to an upstream, body already in the upstream's wire format.
 *
 * @param model     the deployment's model name (some vendors, like Gemini, put it in the URL)
 * @param body      the request body to send as is
 * @param streaming whether the upstream should answer with a server-sent event stream
 * @param requestId the gateway's request id, forwarded so upstream logs can be correlated
 * @param headers   client headers the upstream's protocol defines and the provider forwards
 *                  (e.g. {@code anthropic-beta}); never credentials
 * @param control    the deadline and abort the gateway holds over this attempt
 * @param credential the calling team's own key for this provider (BYOK), sent instead of the
 *                   gateway's; null to use the gateway's. A {@link Secret}, so it never shows in a log line
 */
public record UpstreamCall(String model, byte[] body, boolean streaming, String requestId, Map<String, String> headers,
                           CallControl control, Secret credential) {
    public UpstreamCall {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(control, "control");
        headers = Map.copyOf(headers);
    }

    /** A call with the gateway's own credential. */
    public UpstreamCall(String model, byte[] body, boolean streaming, String requestId, Map<String, String> headers,
                        CallControl control) {
        this(model, body, streaming, requestId, headers, control, null);
    }

    /** This call with the team's own key in place of the gateway's. */
    public UpstreamCall withCredential(Secret credential) {
        return new UpstreamCall(model, body, streaming, requestId, headers, control, credential);
    }

    /** A call outside the reliability layer: no deadline beyond the provider's timeout, never aborted. */
    public UpstreamCall(String model, byte[] body, boolean streaming, String requestId) {
        this(model, body, streaming, requestId, Map.of(), CallControl.unlimited());
    }
}
