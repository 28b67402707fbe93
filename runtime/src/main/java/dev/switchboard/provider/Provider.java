package dev.switchboard.provider;

import dev.switchboard.dialect.WireFormat;

/**
 * One configured upstream: an OpenAI-compatible vendor, Anthropic, Gemini, or the offline mock. A
 * provider sends a call in its own wire format and hands back the upstream's answer as soon as
 * its status and headers arrive; reading (and relaying) the body is the caller's job, so streams
 * pass through without being buffered. Optional capabilities are separate interfaces
 * ({@link EmbeddingsProvider}).
 *
 * <p>Implementations are thread-safe and shared by all requests.
 */
public interface Provider {

    /** The name deployments refer to in config, e.g. {@code openai} or {@code my-vllm}. */
    String name();

    /** The provider name the model catalog prices this provider's models under, e.g. {@code groq}. */
    String catalogProvider();

    /** The wire format {@link #chat} bodies must be in. */
    WireFormat wireFormat();

    /** One chat call (OpenAI chat completions, Anthropic messages, Gemini generateContent). */
    UpstreamResponse chat(UpstreamCall call);
}
