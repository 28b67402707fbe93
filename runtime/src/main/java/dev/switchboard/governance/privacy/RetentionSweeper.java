package dev.switchboard.governance.privacy;

import dev.switchboard.governance.store.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes stored requests whose retention has run out ({@code expires_at} at or before now), once
 * at start and then every {@link #INTERVAL}. A stored request therefore outlives its retention by
 * at most one interval. {@link #sweep} is the whole job, callable directly with any clock.
 */
public final class RetentionSweeper implements AutoCloseable {
    /** Retention is counted in days; an hour late is well inside that. */
    public static final Duration INTERVAL = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

    private final Jdbc jdbc;
    private final Clock clock;
    private ScheduledExecutorService schedule;

    public RetentionSweeper(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Deletes the expired stored requests now; returns how many. */
    public int sweep() {
        return jdbc.update("DELETE FROM request_logs WHERE expires_at <= ?", clock.millis());
    }

    /** Sweeps now and every {@link #INTERVAL} on a background thread until {@link #close}. */
    public RetentionSweeper start() {
        schedule = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("switchboard-retention").daemon(true).factory());
        schedule.scheduleWithFixedDelay(this::sweepLogged, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void sweepLogged() {
        try {
            int deleted = sweep();
            if (deleted > 0) {
                LOG.info("Deleted {} stored requests past their retention", deleted);
            }
        } catch (RuntimeException e) {
            // The next run tries again; a failure must not end the schedule.
            LOG.warn("Purging expired stored requests failed ({}); retrying in {}", e.getClass().getName(), INTERVAL);
        }
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
