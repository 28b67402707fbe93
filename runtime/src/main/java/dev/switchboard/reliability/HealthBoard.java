package dev.switchboard.reliability;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.time.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link DeploymentHealth} of every deployment the gateway has called, shared by all requests.
 * Entries are created on first use; {@code provider/model} names let clients reach deployments
 * nobody declared, so the board stops adding entries at a bound instead of growing with whatever
 * names clients invent (the extra deployments still work, untracked).
 */
public final class HealthBoard {
    private static final int MAX_TRACKED = 4096;

    private final CircuitBreakerConfig breakerConfig;
    private final Ticker ticker;
    private final ConcurrentHashMap<String, DeploymentHealth> byId = new ConcurrentHashMap<>();

    /** @param ticker every latency, cool-down and breaker wait of the board is measured on it */
    public HealthBoard(GatewayConfig.CircuitBreaker settings, Ticker ticker) {
        this.ticker = ticker;
        this.breakerConfig = CircuitBreakerConfig.custom()
                // The breaker times its open state with a Clock: one reading the ticker keeps it on the board's time.
                .clock(new TickerClock(ticker))
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                // Every request records its outcome here: a lock-free window keeps busy deployments' requests from queueing on a monitor.
                .slidingWindowSynchronizationStrategy(CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.cooldown())
                // Half-open lets a few real requests through as probes; their outcomes close or reopen the circuit.
                .permittedNumberOfCallsInHalfOpenState(2)
                .maxWaitDurationInHalfOpenState(Duration.ZERO)
                .build();
    }

    public DeploymentHealth of(Deployment deployment) {
        String id = deployment.id();
        DeploymentHealth health = byId.get(id);
        if (health != null) {
            return health;
        }
        if (byId.size() >= MAX_TRACKED) {
            return newHealth(id);
        }
        return byId.computeIfAbsent(id, this::newHealth);
    }

    /** Every tracked deployment's state, by id. */
    public List<DeploymentHealth.Snapshot> snapshot() {
        return byId.values().stream().map(DeploymentHealth::snapshot)
                .sorted(Comparator.comparing(DeploymentHealth.Snapshot::deployment)).toList();
    }

    private DeploymentHealth newHealth(String id) {
        return new DeploymentHealth(id, CircuitBreaker.of(id, breakerConfig), ticker);
    }

    /** The ticker as a {@link Clock} whose instants only differ as the ticker's readings do: all the breaker compares. */
    private static final class TickerClock extends Clock {
        private final Ticker ticker;

        TickerClock(Ticker ticker) {
            this.ticker = ticker;
        }

        @Override
        public Instant instant() {
            return Instant.EPOCH.plusNanos(ticker.read());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the breaker's clock only measures waits");
        }
    }
}
