package dev.switchboard.routing.choice;

/**
 * One model the router may choose, with what it predicts for this request.
 *
 * @param model     the model's name
 * @param quality   predicted quality in [0, 1]
 * @param costUsd   predicted cost of this request in USD (prompt and expected completion at catalog prices)
 * @param latencyMs predicted latency in milliseconds; {@code Double.NaN} when unknown
 */
public record Candidate(String model, double quality, double costUsd, double latencyMs) {
    public Candidate {
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be in [0, 1], got " + quality);
        }
        if (!(costUsd >= 0)) {
            throw new IllegalArgumentException("cost must not be negative, got " + costUsd);
        }
    }
}
