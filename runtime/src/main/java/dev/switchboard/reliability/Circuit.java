package dev.switchboard.reliability;

import com.fasterxml.jackson.annotation.JsonValue;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Locale;

/** Where a deployment's circuit breaker stands, as {@code GET /health/deployments} shows it. */
public enum Circuit {
    /** Healthy: every attempt goes through. */
    CLOSED,
    /** Failing: no attempt goes through until the breaker's cool-down has passed. */
    OPEN,
    /** After the cool-down: a few attempts go through as probes, whose outcomes close or reopen the circuit. */
    HALF_OPEN;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** {@code closed}, {@code open}, {@code half_open}. */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    static Circuit of(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> CLOSED;
            case OPEN -> OPEN;
            case HALF_OPEN -> HALF_OPEN;
            // The gateway never disables, forces or only meters a breaker; were it to, these are what they would mean for traffic.
            case DISABLED, METRICS_ONLY -> CLOSED;
            case FORCED_OPEN -> OPEN;
        };
    }
}
