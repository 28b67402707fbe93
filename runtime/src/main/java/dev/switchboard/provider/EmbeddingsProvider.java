package dev.switchboard.provider;

/** A provider that also serves OpenAI-format {@code POST /embeddings}. */
public interface EmbeddingsProvider extends Provider {

    UpstreamResponse embeddings(UpstreamCall call);
}
