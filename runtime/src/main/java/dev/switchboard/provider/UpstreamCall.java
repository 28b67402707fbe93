package dev.switchboard.provider;

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
 * @param control   the deadline and abort the gateway holds over this attempt
 */
public record UpstreamCall(String model, byte[] body, boolean streaming, String requestId, Map<String, String> headers,
                           CallControl control) {
    public UpstreamCall {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(control, "control");
        headers = Map.copyOf(headers);
    }

    /** A call outside the reliability layer: no deadline beyond the provider's timeout, never aborted. */
    public UpstreamCall(String model, byte[] body, boolean streaming, String requestId) {
        this(model, body, streaming, requestId, Map.of(), CallControl.unlimited());
    }
}
