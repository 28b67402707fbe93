package dev.switchboard.provider;

/**
 * A provider that counts a request's input tokens without running it: Anthropic's
 * {@code POST /v1/messages/count_tokens}, which Anthropic clients (Claude Code among them) call
 * before sending long prompts.
 */
public interface TokenCountingProvider extends Provider {

    /** Sends a count request whose body is in the provider's own format; never streamed. */
    UpstreamResponse countTokens(UpstreamCall call);
}
