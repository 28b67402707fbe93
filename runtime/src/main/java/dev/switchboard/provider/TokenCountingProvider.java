package dev.switchboard.provider;

/** A provider that also counts a request's input tokens without running it. */
public interface TokenCountingProvider extends Provider {
    UpstreamResponse countTokens(UpstreamCall call);
}
