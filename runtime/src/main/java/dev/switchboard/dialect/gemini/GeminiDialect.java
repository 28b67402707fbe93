package dev.switchboard.dialect.gemini;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.error.GatewayException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Google Gemini's {@code generateContent} protocol, spoken to Gemini as an upstream only.
 *
 * <p>The model goes in the URL ({@code models/{model}:generateContent}, or
 * {@code :streamGenerateContent?alt=sse} for streams), never in the body, so
 * {@link #encodeRequest}'s {@code upstreamModel} is the provider's business, not this dialect's.
 * What cannot be expressed in Gemini's protocol is rejected with a 400 naming it; the few
 * advisory things Gemini has no place for (the end-user id, prompt-cache markers, image detail,
 * document titles, earlier turns' thinking) are dropped, each with its reason at the spot in
 * {@code GeminiRequestEncoder} or {@code GeminiContents}.
 *
 * <p>Gemini's answers carry no creation time, so {@link ChatResult#created()} and
 * {@code Started.created} come from the injected clock.
 */
public final class GeminiDialect implements UpstreamDialect {
    /** Shared by the package: ObjectMapper is thread-safe once configured, and costly to create per call. */
    static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public GeminiDialect() {
        this(Clock.systemUTC());
    }

    /** @param clock the source of answers' creation times */
    public GeminiDialect(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public WireFormat format() {
        return WireFormat.GEMINI;
    }

    /** The model is not written: Gemini takes it from the URL, which {@code GeminiProvider} builds. */
    @Override
    public byte[] encodeRequest(ChatRequest request, String upstreamModel) {
        return GeminiRequestEncoder.encode(request);
    }

    @Override
    public ChatResult decodeResponse(byte[] body) {
        return GeminiResponseReader.read(body, clock);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new GeminiStreamDecoder(clock);
    }

    @Override
    public GatewayException.UpstreamRejected decodeError(int status, byte[] body, Optional<String> retryAfter) {
        return GeminiErrors.fromResponse(status, body, retryAfter);
    }
}
