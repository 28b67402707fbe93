package dev.switchboard.reliability;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.switchboard.time.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the gateway has seen of one deployment lately, fed by the outcome of every attempt: latency
 * (time to first token and total, as moving averages, plus recent samples for percentiles), the
 * error rate, requests in flight, a rate-limit cool-down taken from {@code Retry-After}, and a
 * circuit breaker (Resilience4j's) that takes the deployment out of rotation while it fails.
 *
 * <p>Only failures that blame the deployment (server errors, timeouts) count against its
 * breaker; a 400 caused by the request is a healthy answer, and a rate limit cools the deployment
 * down instead.
 *
 * <p>Every time here, the breaker's included ({@link HealthBoard}), is read from the board's
 * {@link Ticker}, so all of it moves together with a fake one.
 */
public final class DeploymentHealth {
    // Weight of the newest observation in the moving averages: about the last ten attempts matter.
    private static final double ALPHA = 0.2;
    private static final int SAMPLES = 128;
    static final int MIN_SAMPLES_FOR_PERCENTILE = 20;
    // Cool-down after a 429 that did not say how long to wait.
    static final Duration DEFAULT_RATE_LIMIT_COOLDOWN = Duration.ofSeconds(1);
    // A latency not refreshed for this long no longer ranks the deployment: the least-latency
    // balancer treats it as unmeasured and probes it again, so a deployment that was slow once
    // gets traffic back when it recovers.
    static final long STALE_AFTER_NANOS = Duration.ofSeconds(10).toNanos();
    // How long before its creation a deployment's (never started) cool-down ended: far enough that a
    // time read before the creation is still after it, near enough that differences cannot overflow.
    private static final long LONG_AGO_NANOS = Long.MAX_VALUE / 4;

    private final String id;
    private final CircuitBreaker breaker;
    private final Ticker ticker;
    private final AtomicInteger inFlight = new AtomicInteger();
    // A time on the ticker, never a sentinel such as 0: the ticker's origin is arbitrary, so 0 may lie in the future.
    private volatile long coolingUntilNanos;

    // Guarded by this.
    private double ttftMillis = Double.NaN;
    private double totalMillis = Double.NaN;
    private long observedNanos;
    private double errorRate;
    private final Samples ttftSamples = new Samples();
    private final Samples totalSamples = new Samples();

    DeploymentHealth(String id, CircuitBreaker breaker, Ticker ticker) {
        this.id = id;
        this.breaker = breaker;
        this.ticker = ticker;
        this.coolingUntilNanos = ticker.read() - LONG_AGO_NANOS;
    }

    public String id() {
        return id;
    }

    /** True while the deployment cools down after a rate limit. The breaker is asked separately, by {@link #tryAcquire}. */
    boolean coolingDown(long nowNanos) {
        return nowNanos - coolingUntilNanos < 0;
    }

    /** When the current cool-down ends, in the board's {@link Ticker} terms. */
    long coolingUntilNanos() {
        return coolingUntilNanos;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** The latency the least-latency balancer compares: NaN when nothing has been observed lately. */
    synchronized double latencyMillis(boolean stream, long nowNanos) {
        if (nowNanos - observedNanos > STALE_AFTER_NANOS) {
            return Double.NaN;
        }
        return stream ? ttftMillis : totalMillis;
    }

    /** The {@code p}-th latency percentile of recent attempts, once there are enough of them. */
    public synchronized Optional<Duration> latencyPercentile(double p, boolean stream) {
        return (stream ? ttftSamples : totalSamples).percentile(p).map(Duration::ofNanos);
    }

    /**
     * Asks the circuit breaker to let one attempt through; closed lets everything through,
     * half-open a few trial calls, open nothing until its cool-down has passed.
     *
     * @return the attempt's permit, or null when the breaker refuses
     */
    Permit tryAcquire() {
        if (!breaker.tryAcquirePermission()) {
            return null;
        }
        inFlight.incrementAndGet();
        return new Permit(ticker.read());
    }

    /** One attempt's claim on the deployment; exactly one of its outcome methods must be called. */
    public final class Permit {
        private final long startNanos;
        private long firstTokenNanos;
        private boolean firstTokenSeen;
        private boolean done;

        private Permit(long startNanos) {
            this.startNanos = startNanos;
        }

        public DeploymentHealth health() {
            return DeploymentHealth.this;
        }

        /** Notes the first token (or, for a complete answer, the whole answer) having arrived. */
        public void firstToken() {
            if (!firstTokenSeen) {
                firstTokenSeen = true;
                firstTokenNanos = ticker.read();
            }
        }

        public long startNanos() {
            return startNanos;
        }

        /** The deployment answered (an answer, or an error the request caused). */
        public void succeeded(boolean stream) {
            if (finish()) {
                long now = ticker.read();
                breaker.onSuccess(now - startNanos, TimeUnit.NANOSECONDS);
                observe(stream, firstTokenSeen ? firstTokenNanos - startNanos : now - startNanos, now - startNanos);
            }
        }

        /** The deployment answered, but the latency is not one to rank it by (see {@link Served#finishUnmeasured}). */
        public void succeededUnmeasured() {
            if (finish()) {
                breaker.onSuccess(ticker.read() - startNanos, TimeUnit.NANOSECONDS);
                synchronized (DeploymentHealth.this) {
                    errorRate = errorRate - ALPHA * errorRate;
                }
            }
        }

        /** The attempt failed; {@code retryAfter} (may be null) is the upstream's {@code Retry-After}. */
        public void failed(Failure failure, Duration retryAfter) {
            if (!finish()) {
                return;
            }
            long elapsed = ticker.read() - startNanos;
            if (failure.blamesDeployment()) {
                breaker.onError(elapsed, TimeUnit.NANOSECONDS, new DeploymentFailed(failure));
            } else if (failure == Failure.RATE_LIMIT) {
                breaker.releasePermission();
                coolDown(retryAfter == null ? DEFAULT_RATE_LIMIT_COOLDOWN : retryAfter);
            } else {
                breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            }
            synchronized (DeploymentHealth.this) {
                boolean counts = failure.blamesDeployment() || failure == Failure.RATE_LIMIT;
                errorRate = errorRate + ALPHA * ((counts ? 1 : 0) - errorRate);
            }
        }

        /** The attempt was abandoned by the gateway (a client that left, a gateway failure): no verdict on the deployment. */
        public void released() {
            if (finish()) {
                breaker.releasePermission();
            }
        }

        /**
         * The attempt lost a hedge race: no verdict for the breaker, but the time it had run without
         * answering is a latency it did not beat, so it goes into the latency record. Otherwise a
         * deployment that always loses would never look slow and keep getting first attempts.
         */
        public void lostRace(boolean stream) {
            if (finish()) {
                breaker.releasePermission();
                long elapsed = ticker.read() - startNanos;
                observe(stream, elapsed, elapsed);
            }
        }

        private boolean finish() {
            if (done) {
                return false;
            }
            done = true;
            inFlight.decrementAndGet();
            return true;
        }
    }

    private void coolDown(Duration wait) {
        long until = ticker.read() + wait.toNanos();
        if (until - coolingUntilNanos > 0) {
            coolingUntilNanos = until;
        }
    }

    /** A successful attempt's latencies; it also pulls the error rate towards zero. */
    private synchronized void observe(boolean stream, long ttftNanos, long totalNanos) {
        observedNanos = ticker.read();
        if (stream) {
            ttftMillis = ewma(ttftMillis, ttftNanos / 1e6);
            ttftSamples.add(ttftNanos);
        }
        totalMillis = ewma(totalMillis, totalNanos / 1e6);
        if (!stream) {
            totalSamples.add(totalNanos);
        }
        errorRate = errorRate - ALPHA * errorRate;
    }

    private static double ewma(double current, double sample) {
        return Double.isNaN(current) ? sample : current + ALPHA * (sample - current);
    }

    /** A point-in-time view for {@code GET /health/deployments}. */
    public synchronized Snapshot snapshot() {
        long coolingMillis = Math.max(0, (coolingUntilNanos - ticker.read()) / 1_000_000);
        return new Snapshot(id, Circuit.of(breaker.getState()),
                round(ttftMillis), round(totalMillis), Math.round(errorRate * 1000) / 1000.0, inFlight.get(), coolingMillis,
                breaker.getMetrics().getFailureRate());
    }

    /**
     * @param circuit        where the breaker stands
     * @param ttftMillis     moving average of the time to first token of streamed answers, or null
     * @param totalMillis    moving average of the whole answer's time, or null
     * @param errorRate      moving average of failed attempts (0..1)
     * @param coolingMillis  left of a rate-limit cool-down
     * @param breakerFailureRate the failure percentage the breaker sees in its window, -1 until it has enough calls
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Snapshot(String deployment, Circuit circuit, Double ttftMillis, Double totalMillis, double errorRate,
                           int inFlight, long coolingMillis, float breakerFailureRate) {
    }

    private static Double round(double millis) {
        return Double.isNaN(millis) ? null : Math.round(millis * 100) / 100.0;
    }

    /** What the breaker records for a failed call: the kind only, no upstream message. */
    static final class DeploymentFailed extends RuntimeException {
        DeploymentFailed(Failure failure) {
            super(failure.configName(), null, false, false);
        }
    }

    /** The latest {@link #SAMPLES} latencies, for percentiles. */
    private static final class Samples {
        private final long[] ring = new long[SAMPLES];
        private int count;

        void add(long nanos) {
            ring[count % SAMPLES] = nanos;
            count++;
        }

        Optional<Long> percentile(double p) {
            int n = Math.min(count, SAMPLES);
            if (n < MIN_SAMPLES_FOR_PERCENTILE) {
                return Optional.empty();
            }
            long[] sorted = Arrays.copyOf(ring, n);
            Arrays.sort(sorted);
            return Optional.of(sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)]);
        }
    }
}
