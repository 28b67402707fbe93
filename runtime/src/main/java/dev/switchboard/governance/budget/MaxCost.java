package dev.switchboard.governance.budget;

import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.deployment.Deployment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

/**
 * The most a request can cost, for its budget reservation: every prompt token at the dearest
 * prompt price (plain input or cache write) plus every completion token it may produce at the
 * output price, on the dearest deployment it might be served by. A deployment of unknown price
 * counts as 0: the request is let through and its spend is whatever its answer reports.
 *
 * <p>The bound is computed exactly, in decimal, and saturates at {@link Long#MAX_VALUE}
 * nano-dollars (about $9.2 billion): {@code n: 10000} with {@code max_tokens: 2147483647} at a
 * dear price may cost more than a long can count, and such a request fits no budget anyway.
 */
public final class MaxCost {
    /** Completion tokens assumed when neither the request nor the catalog bounds them. */
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;
    // Prices are per million tokens in USD; one USD per million tokens is 1000 nano-dollars per token.
    private static final int NANOS_PER_TOKEN_EXPONENT = 3;
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private MaxCost() {
    }

    /**
     * @param deployments  every deployment the request may be served by, fallbacks included
     * @param promptTokens an upper estimate of the prompt
     * @param maxTokens    the request's completion limit per choice ({@code max_tokens}); null for the model's own
     * @param choices      completions asked for ({@code n}), each up to {@code maxTokens}
     * @return nano-dollars, at most {@link Long#MAX_VALUE}
     */
    public static long nanos(Collection<Deployment> deployments, long promptTokens, Integer maxTokens, int choices) {
        long most = 0;
        for (Deployment deployment : deployments) {
            Pricing pricing = deployment.pricing();
            if (pricing.inputPerMTok() == null || pricing.outputPerMTok() == null) {
                continue;
            }
            long output = (long) choices * (maxTokens != null ? maxTokens
                    : deployment.catalogEntry().map(CatalogEntry::maxOutputTokens).orElse(DEFAULT_MAX_OUTPUT_TOKENS));
            BigDecimal promptPrice = pricing.cacheWritePerMTok() == null ? pricing.inputPerMTok()
                    : pricing.inputPerMTok().max(pricing.cacheWritePerMTok());
            BigDecimal cost = BigDecimal.valueOf(promptTokens).multiply(promptPrice)
                    .add(BigDecimal.valueOf(output).multiply(pricing.outputPerMTok()))
                    .movePointRight(NANOS_PER_TOKEN_EXPONENT).setScale(0, RoundingMode.CEILING);
            if (cost.compareTo(LONG_MAX) >= 0) {
                return Long.MAX_VALUE;
            }
            most = Math.max(most, cost.longValue());
        }
        return most;
    }
}
