package dev.switchboard.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What one API request consumed and how it ended. It never holds prompt or completion text.
 *
 * @param time           when the request arrived
 * @param requestId      the id the client saw in {@code x-request-id}
 * @param endpoint       e.g. {@code chat.completions}, {@code embeddings}
 * @param requestedModel the model name the client sent
 * @param provider       the provider that served it, or null when none was called
 * @param servedModel    the upstream's name for the model that served it, or null
 * @param stream         whether the answer was streamed
 * @param outcome        how the request ended
 * @param httpStatus     the status the client received
 * @param usage          tokens as reported by the upstream, or null when it reported none
 * @param costUsd        cost of {@code usage} at catalog prices, or null when unknown
 * @param latencyMicros  from arrival to the last byte sent
 * @param attempts       every upstream attempt made for the request, in the order they started;
 *                       only the served one's usage is in {@code usage} and {@code costUsd}
 * @param attribution    whose request it was, for cost attribution
 * @param routeReason    why the serving deployment was chosen, e.g. {@code primary} or
 *                       {@code fallback after rate_limit}; null when none served
 */
public record UsageRecord(Instant time, String requestId, String endpoint, String requestedModel,
                          String provider, String servedModel, boolean stream, Outcome outcome,
                          int httpStatus, TokenUsage usage, BigDecimal costUsd, long latencyMicros,
                          List<Attempt> attempts, Attribution attribution, String routeReason) {

    public UsageRecord {
        attempts = List.copyOf(attempts);
        attribution = attribution == null ? Attribution.NONE : attribution;
    }

    /**
     * Whose request it was.
     *
     * @param orgId  the key's organisation, or null for an ungoverned key
     * @param teamId the key's team, or null
     * @param keyId  the virtual key's id, or null
     * @param tag    the caller's {@code x-switchboard-tag}, e.g. a workflow run id; null for none
     */
    public record Attribution(String orgId, String teamId, String keyId, String tag) {
        public static final Attribution NONE = new Attribution(null, null, null, null);
    }

    /**
     * One upstream attempt.
     *
     * @param deployment    {@code provider/model}
     * @param result        served, cancelled (a hedge that lost), or the failure
     * @param status        the upstream's HTTP status, or the gateway's for failures without one (502, 504)
     * @param latencyMicros from the attempt's start to its answer or failure
     * @param usage         tokens the upstream reported for a failed attempt that still produced an
     *                      answer (a refusal that was replaced); never charged to the caller; null otherwise
     */
    public record Attempt(String deployment, AttemptResult result, int status, long latencyMicros, TokenUsage usage) {
    }

    /** How a request ended, from the ledger's point of view. */
    public enum Outcome {
        /** The upstream's answer reached the client in full, usage included. */
        COMPLETED,
        /** The answer reached the client but the upstream never reported usage: cost unknown, not zero. */
        USAGE_MISSING,
        /** The gateway or the upstream refused the request; nothing was generated. */
        FAILED,
        /** The client went away mid-answer; the upstream call was cancelled. */
        CLIENT_DISCONNECTED,
        /** The upstream's stream broke off before its end marker. */
        STREAM_CUT
    }
}
