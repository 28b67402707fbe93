package dev.switchboard.dialect.anthropic;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.dialect.StreamEncoder;
import dev.switchboard.dialect.UpstreamDialect;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.error.GatewayException;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Anthropic's Messages API as both a client dialect (what coding agents and the Anthropic SDKs send
 * to {@code /v1/messages}) and an upstream dialect (what Anthropic's API accepts). It is used only
 * across formats: an Anthropic client served by an Anthropic upstream is relayed byte for byte, with
 * {@link AnthropicUsage} pricing the answer.
 *
 * <p>Stateless and thread-safe. The clock dates answers, since Anthropic's carry no timestamp.
 */
public final class AnthropicDialect implements ClientDialect, UpstreamDialect {
    /** The {@code max_tokens} sent upstream when the client set no output limit; Anthropic requires one. */
    public static final int DEFAULT_MAX_TOKENS = RequestEncoder.DEFAULT_MAX_TOKENS;

    private final InstantSource clock;

    public AnthropicDialect(InstantSource clock) {
        this.clock = clock;
    }

    public AnthropicDialect() {
        this(InstantSource.system());
    }

    @Override
    public WireFormat format() {
        return WireFormat.ANTHROPIC;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Strict: an unknown field, or one Anthropic defines that no other provider can honour
     * (server tools, {@code mcp_servers}, {@code container}, citations, Files API sources), is a 400
     * naming it. {@code service_tier} is accepted and not sent on: it picks Anthropic's capacity
     * pool and never changes the answer. Adaptive thinking and {@code output_config.effort} become a
     * reasoning effort ({@code max} as {@code high}).
     */
    @Override
    public ChatRequest decodeRequest(byte[] body) {
        return RequestDecoder.decode(body, true);
    }

    /** Decodes a {@code /v1/messages/count_tokens} body: a Messages request without {@code max_tokens}. */
    public ChatRequest decodeCountTokensRequest(byte[] body) {
        return RequestDecoder.decode(body, false);
    }

    /** {@inheritDoc} The cost goes into {@code usage.cost_usd}. */
    @Override
    public byte[] encodeResponse(ChatResult result, BigDecimal cost) {
        return MessageCodec.encode(result, cost);
    }

    @Override
    public StreamEncoder newStreamEncoder(ChatRequest request) {
        return new AnthropicStreamEncoder();
    }

    @Override
    public byte[] encodeError(GatewayException error) {
        return AnthropicErrors.body(error);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Without an output limit {@link #DEFAULT_MAX_TOKENS} is sent (plus the thinking budget when
     * reasoning is on). {@code response_format} other than text and {@code seed} are 400s.
     */
    @Override
    public byte[] encodeRequest(ChatRequest request, String upstreamModel) {
        return RequestEncoder.encode(request, upstreamModel);
    }

    /** {@inheritDoc} A body that is not a message is a 502. */
    @Override
    public ChatResult decodeResponse(byte[] body) {
        return MessageCodec.decode(body, clock);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new AnthropicStreamDecoder(clock);
    }

    @Override
    public GatewayException.UpstreamRejected decodeError(int status, byte[] body, Optional<String> retryAfter) {
        return AnthropicErrors.fromUpstream(status, body, retryAfter);
    }
}
