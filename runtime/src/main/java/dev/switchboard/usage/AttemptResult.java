package dev.switchboard.usage;

import java.util.Locale;

/**
 * How one upstream attempt ended, as the usage record lists it. The ledger and the usage log store
 * {@link #wireName()}, so those names stay as they are whatever the constants are called.
 */
public enum AttemptResult {
    /** Its answer was relayed to the client. */
    SERVED,
    /** Abandoned by the gateway: a hedged attempt whose twin answered first. */
    CANCELLED,
    /** A 429: the deployment was over its rate or token limit. */
    RATE_LIMIT,
    /** A 5xx, a connection that failed or broke, an answer that was not the vendor's protocol. */
    SERVER_ERROR,
    /** No answer (or no first token) within the time allowed. */
    TIMEOUT,
    /** The prompt did not fit the model's context window. */
    CONTEXT_WINDOW_EXCEEDED,
    /** The vendor's safety system refused the request or the answer. */
    CONTENT_POLICY,
    /** Anything else the request itself caused. */
    REQUEST_ERROR;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** {@code served}, {@code cancelled}, {@code rate_limit}, ...: the name in the ledger, the usage log and route reasons. */
    public String wireName() {
        return wireName;
    }

    /** True for a failure, false for an attempt that was served or cancelled. */
    public boolean failed() {
        return this != SERVED && this != CANCELLED;
    }
}
