package dev.switchboard.routing;

import java.util.List;

/**
 * A named set of candidate models and the trade-off between them, addressed as {@code auto:<name>}
 * ({@code auto} alone is the default profile).
 *
 * @param name          the profile's name
 * @param candidates    model names or aliases the gateway serves, in the order the config lists them
 * @param qualityWeight 0 = cheapest, 1 = best predicted quality; a request's hint wins
 * @param maxCostUsd    the most one request may be predicted to cost; null for no limit
 * @param latencyMs     the latency target; null for none
 */
public record Profile(String name, List<String> candidates, double qualityWeight, Double maxCostUsd, Long latencyMs) {
    /** The weight when neither the profile nor the request sets one: quality and cost count alike. */
    public static final double DEFAULT_WEIGHT = 0.5;

    public Profile {
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("profile " + name + " has no candidates");
        }
        if (!(qualityWeight >= 0 && qualityWeight <= 1)) {
            throw new IllegalArgumentException("quality_weight must be in [0, 1], got " + qualityWeight);
        }
    }

    /** The profile's settings as hints, to fill what a request's own hints leave unset. */
    Hints asHints() {
        return new Hints(null, maxCostUsd, latencyMs, java.util.Set.of(), qualityWeight);
    }
}
