package dev.switchboard.dialect.openai;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.dialect.StreamEncoder;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.error.GatewayException;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * OpenAI chat completions, both ways: for OpenAI-dialect clients whose model is served in another
 * format, and for OpenAI-compatible upstreams serving clients of another format. (Client and
 * upstream both speaking OpenAI never come here: those requests pass through as bytes.)
 *
 * <p>Decoding refuses with a 400 whatever the neutral model cannot carry ({@code n > 1},
 * {@code logprobs}, penalties, audio, the legacy {@code functions}, any unknown field), naming the
 * field. The notes on each helper say what is reshaped on the way and why:
 * {@link RequestDecoder} and {@link MessageDecoder} (client requests), {@link RequestEncoder}
 * (upstream requests), {@link ResponseCodec} (complete answers both ways),
 * {@link OpenAiStreamDecoder} and {@link OpenAiStreamEncoder} (streams). Errors use the shape of
 * {@link OpenAiErrors} both ways.
 *
 * <p>Stateless and thread-safe.
 */
public final class OpenAiDialect implements ClientDialect, UpstreamDialect {

    @Override
    public WireFormat format() {
        return WireFormat.OPENAI;
    }

    /** Also records {@code stream_options.include_usage} as {@link ChatRequest#streamUsage()}. */
    @Override
    public ChatRequest decodeRequest(byte[] body) {
        return RequestDecoder.decode(body);
    }

    @Override
    public byte[] encodeResponse(ChatResult result, BigDecimal cost) {
        return ResponseCodec.encode(result, cost);
    }

    /** The usage chunk is written only when {@link ChatRequest#streamUsage()} says the client asked for it. */
    @Override
    public StreamEncoder newStreamEncoder(ChatRequest request) {
        return new OpenAiStreamEncoder(request.streamUsage());
    }

    @Override
    public byte[] encodeError(GatewayException error) {
        return OpenAiErrors.body(error);
    }

    /**
     * Streams always ask for {@code stream_options.include_usage}, so the gateway learns exact
     * usage whatever the client asked.
     */
    @Override
    public byte[] encodeRequest(ChatRequest request, String upstreamModel) {
        return RequestEncoder.encode(request, upstreamModel);
    }

    @Override
    public ChatResult decodeResponse(byte[] body) {
        return ResponseCodec.decode(body);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new OpenAiStreamDecoder();
    }

    @Override
    public GatewayException.UpstreamRejected decodeError(int status, byte[] body, Optional<String> retryAfter) {
        return OpenAiErrors.fromUpstream(status, body, retryAfter);
    }
}
