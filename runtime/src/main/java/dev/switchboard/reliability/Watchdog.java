package dev.switchboard.reliability;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Fires the time limits a blocking read cannot express by itself, such as a stream's wait for its
 * first token: one daemon thread runs each limit's action (an abort) if it is still armed when
 * its time comes. Disarmed limits are removed at once, so the queue holds only live ones.
 */
public final class Watchdog implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;

    public Watchdog() {
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("switchboard-watchdog").daemon().factory());
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Something armed that can be disarmed; disarming after it fired does nothing. */
    @FunctionalInterface
    public interface Armed {
        Armed NOTHING = () -> {
        };

        void disarm();
    }

    public Armed arm(long delayNanos, Runnable action) {
        ScheduledFuture<?> future = timer.schedule(action, Math.max(delayNanos, 0), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
