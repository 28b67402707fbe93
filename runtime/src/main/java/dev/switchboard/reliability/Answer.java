package dev.switchboard.reliability;

import dev.switchboard.usage.TokenUsage;

/**
 * An upstream's answer that an attempt got ready to relay: its head checked, and its body read
 * (complete answers) or its first token seen (streams), with nothing yet sent to the client. Until
 * it is relayed, the gateway may still drop it and try elsewhere; {@link #close()} then releases
 * the upstream connection, cancelling generation.
 */
public interface Answer extends AutoCloseable {

    /** True when the vendor's safety system refused the request in an otherwise normal answer. */
    boolean refused();

    /** The tokens a refused answer consumed, for the attempt's record; null when not known yet. */
    TokenUsage usage();

    /**
     * True for an answer the gateway made itself without calling the deployment (a token count
     * estimated locally): it says nothing of the deployment's health, and is no upstream attempt.
     */
    default boolean local() {
        return false;
    }

    @Override
    void close();
}
