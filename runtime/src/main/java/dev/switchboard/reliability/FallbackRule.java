package dev.switchboard.reliability;

import java.util.Set;

/**
 * One step of a fallback chain: the model to try next, and the failures of the models before it
 * that lead here.
 */
public record FallbackRule(String model, Set<Failure> on) {
    public FallbackRule {
        on = Set.copyOf(on);
    }
}
