package dev.switchboard.provider;

import dev.switchboard.time.Ticker;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the time limits of upstream calls: a call's deadline, a stream's longest silence, the wait
 * for a first token. One daemon thread wakes every 5 ms and runs the actions (aborts) whose time
 * has come, so a limit fires at most one tick late: small next to any time limit worth setting on
 * a model call.
 *
 * <p>Why a ticking thread rather than a {@link java.util.concurrent.ScheduledThreadPoolExecutor}
 * or OkHttp's own timeouts: those wake their timer thread whenever a new limit becomes the
 * earliest one, which on an idle gateway is every request, and on a small machine that wake-up
 * lands on the request's critical path (docs/benchmarks.md, "Where the added latency went").
 * Arming here is one insertion into a concurrent sorted map and wakes nobody; disarming removes
 * it, so the map holds only live limits.
 *
 * <p>Limits are due on a {@link Ticker}; the tick itself is real time. On a fake ticker an action
 * fires at the first tick after the test has moved the ticker past its time, never before.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private record Due(long atNanos, long sequence) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            int byTime = Long.compare(atNanos - other.atNanos, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final ConcurrentSkipListMap<Due, Runnable> armed = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Ticker ticker;
    private final Thread thread;
    private volatile boolean closed;

    /** Starts the watchdog's thread; limits are due on {@code ticker}. */
    public Watchdog(Ticker ticker) {
        this.ticker = ticker;
        thread = Thread.ofPlatform().name("switchboard-watchdog").daemon().start(this::tick);
    }

    /** The time limits are measured on: a call's progress must be noted on the same one. */
    public Ticker ticker() {
        return ticker;
    }

    /** Something armed that can be disarmed; disarming after it fired does nothing. */
    @FunctionalInterface
    public interface Armed {
        Armed NOTHING = () -> {
        };

        void disarm();
    }

    /** Runs {@code action} on the watchdog's thread after {@code delayNanos}, unless disarmed first; it must be quick. */
    public Armed arm(long delayNanos, Runnable action) {
        Due due = new Due(ticker.read() + Math.max(delayNanos, 0), sequence.incrementAndGet());
        armed.put(due, action);
        return () -> armed.remove(due);
    }

    private void tick() {
        while (!closed) {
            LockSupport.parkNanos(this, TICK_NANOS);
            long now = ticker.read();
            for (var first = armed.firstEntry(); first != null && first.getKey().atNanos() - now <= 0; first = armed.firstEntry()) {
                // remove() decides the race with a disarm: whoever removes the entry owns it.
                if (armed.remove(first.getKey()) != null) {
                    fire(first.getValue());
                }
            }
        }
    }

    private static void fire(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.error("A time limit's action failed: {}", e.getClass().getName());
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
