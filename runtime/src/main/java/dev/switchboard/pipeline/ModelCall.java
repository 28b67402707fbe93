package dev.switchboard.pipeline;

import dev.switchboard.reliability.Attempt;
import dev.switchboard.reliability.RequestOverrides;
import java.util.Objects;

/**
 * A model call other than chat (embeddings, token counting) for the {@link ModelPipeline}: the
 * same stages, with the attempt on one deployment supplied by the caller.
 *
 * @param request     who made it and when
 * @param endpoint    its name in usage records, e.g. {@code embeddings}
 * @param model       the model asked for: a name or an alias
 * @param promptBytes the request's size, the upper bound of its input tokens
 * @param price       what admission reserves for it
 * @param attempt     how to get an answer from one deployment
 * @param overrides   the call's own reliability settings
 */
public record ModelCall(RequestContext request, String endpoint, String model, long promptBytes, Price price,
                        Attempt<ReadyAnswer> attempt, RequestOverrides overrides) {
    /** How a call is priced before it is made. */
    public enum Price {
        /** Priced on its input alone (embeddings): rate limits count the input, budgets reserve its largest cost. */
        INPUT,
        /**
         * Costs nothing (token counting): it takes a request from the rate limits, reserves no budget,
         * and its quick answers are kept out of the deployment's latency record, which ranks chat answers.
         */
        FREE
    }

    public ModelCall {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(attempt, "attempt");
        overrides = overrides == null ? RequestOverrides.NONE : overrides;
    }
}
