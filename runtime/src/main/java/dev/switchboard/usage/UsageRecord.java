package dev.switchboard.usage;

import java.math.BigDecimal;
import java.time.Instant;

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
 */
public record UsageRecord(Instant time, String requestId, String endpoint, String requestedModel,
                          String provider, String servedModel, boolean stream, Outcome outcome,
                          int httpStatus, TokenUsage usage, BigDecimal costUsd, long latencyMicros) {

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
