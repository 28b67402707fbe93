package dev.switchboard.provider;

/**
 * One configured upstream: an OpenAI-compatible vendor, or the offline mock. A provider sends a
 * call in its own wire format and hands back the upstream's answer as soon as its status and
 * headers arrive; reading (and relaying) the body is the caller's job, so streams pass through
 * without being buffered.
 *
 * <p>Implementations are thread-safe and shared by all requests.
 */
public interface Provider {

    /** The name deployments refer to in config, e.g. {@code openai} or {@code my-vllm}. */
    String name();

    /** The provider name the model catalog prices this provider's models under, e.g. {@code groq}. */
    String catalogProvider();

    /** {@code POST /chat/completions} with an OpenAI-format body. */
    UpstreamResponse chatCompletions(UpstreamCall call);

    /** {@code POST /embeddings} with an OpenAI-format body. */
    UpstreamResponse embeddings(UpstreamCall call);
}
