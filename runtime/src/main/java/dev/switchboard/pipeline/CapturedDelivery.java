package dev.switchboard.pipeline;

import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.Transcript;
import dev.switchboard.usage.TokenUsage;
import java.math.BigDecimal;

/**
 * Delivery of a whole verbatim answer to an in-process caller: the upstream's JSON, kept as its
 * bytes for {@link #body()} (an embeddings answer that the retrieval module reads its vectors from).
 * Streams and neutral chat answers are not for it: an in-process chat caller uses {@link SinkDelivery}.
 *
 * <p>One delivery serves one call, on the caller's thread.
 */
public final class CapturedDelivery implements Delivery {
    private byte[] body;

    @Override
    public void show(java.util.Map<String, String> headers) {
        // No receiver of headers: the call's outcome carries what they say.
    }

    @Override
    public Relayed deliver(ReadyAnswer answer, Transcript transcript) {
        try (answer) {
            return switch (answer) {
                case ReadyAnswer.Verbatim whole -> {
                    body = whole.body();
                    transcript.append(body);
                    yield Relayed.finished(whole.usage(), whole.cost());
                }
                case ReadyAnswer.Local local -> {
                    body = local.body();
                    yield Relayed.finished(TokenUsage.NONE, BigDecimal.ZERO);
                }
                case ReadyAnswer.Neutral whole -> throw new IllegalStateException("a neutral chat answer for a captured delivery");
                case ReadyAnswer.NeutralStream stream -> throw new IllegalStateException("a stream for a captured delivery");
                case ReadyAnswer.VerbatimStream stream -> throw new IllegalStateException("a stream for a captured delivery");
            };
        }
    }

    /** The answer's bytes, once the call returned. */
    public byte[] body() {
        if (body == null) {
            throw new IllegalStateException("no answer was delivered");
        }
        return body;
    }
}
