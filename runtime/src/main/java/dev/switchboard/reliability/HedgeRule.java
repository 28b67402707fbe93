package dev.switchboard.reliability;

import dev.switchboard.config.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a hedged request starts its second attempt: after a fixed delay, or after the first
 * deployment's observed latency percentile (time to first token for streams, total time for
 * complete answers), which adapts to each deployment's normal speed.
 *
 * @param fixed       the fixed delay, or null for a percentile
 * @param percentile  e.g. 0.95 for {@code p95}; unused when {@code fixed} is set
 * @param warmupDelay the delay while the deployment has too few observations for its percentile
 */
public record HedgeRule(Duration fixed, double percentile, Duration warmupDelay) {
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(?:\\.\\d+)?)");
    static final Duration DEFAULT_WARMUP_DELAY = Duration.ofSeconds(1);

    /**
     * Parses {@code p95}, {@code p99.9} or a duration ({@code 800ms}).
     *
     * @return empty when {@code text} is neither
     */
    public static Optional<HedgeRule> parse(String text, Duration warmupDelay) {
        Duration warmup = warmupDelay == null ? DEFAULT_WARMUP_DELAY : warmupDelay;
        Matcher m = PERCENTILE.matcher(text.trim());
        if (m.matches()) {
            double p = Double.parseDouble(m.group(1)) / 100;
            return p > 0 && p < 1 ? Optional.of(new HedgeRule(null, p, warmup)) : Optional.empty();
        }
        return Durations.tryParse(text).filter(d -> !d.isNegative()).map(d -> new HedgeRule(d, 0, warmup));
    }

    /** How long to wait for {@code first} before starting the hedge. */
    public Duration delayFor(DeploymentHealth first, boolean stream) {
        if (fixed != null) {
            return fixed;
        }
        return first.latencyPercentile(percentile, stream).orElse(warmupDelay);
    }

    @Override
    public String toString() {
        return fixed != null ? fixed.toMillis() + "ms" : "p" + (percentile * 100);
    }
}
