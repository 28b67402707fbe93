package dev.switchboard.pipeline;

import dev.switchboard.reliability.RequestOverrides;
import dev.switchboard.routing.Hints;
import java.util.Objects;

/**
 * One chat call for the {@link ModelPipeline}, from any transport.
 *
 * @param request   who made it and when
 * @param endpoint  its name in usage records: {@code chat.completions}, {@code messages}, or an in-process caller's
 *                  own (e.g. {@code workflow})
 * @param input     what it sends
 * @param hints     routing hints, for a model of {@code auto}; {@link Hints#NONE} for none
 * @param overrides the call's own reliability settings; {@link RequestOverrides#NONE} for the configured ones
 */
public record ChatCall(RequestContext request, String endpoint, ChatInput input, Hints hints, RequestOverrides overrides) {
    public ChatCall {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(input, "input");
        hints = hints == null ? Hints.NONE : hints;
        overrides = overrides == null ? RequestOverrides.NONE : overrides;
    }
}
