package dev.switchboard.testing;

import dev.switchboard.time.Sleeper;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * A ticker that stands still until it is moved, and the sleeper that goes with it, so that
 * back-offs, cool-downs, deadlines and hedge delays are tested to the nanosecond without sleeping.
 *
 * <p>A plain sleep ({@link #sleepUntil}) moves the ticker to its end at once and is recorded
 * ({@link #sleeps()}): nothing but time ends it, so a test could only have moved the ticker by as
 * much. A wait on a monitor ({@link #waitUntil}), which an event may end first (an answer in a
 * hedging race), lasts until the monitor is notified or the test moves the ticker past its end
 * ({@link #advance}); {@link #awaitWaiter} tells the test when some thread waits, and for how long.
 *
 * <p>Readings start at an arbitrary origin, as {@link System#nanoTime()}'s do, unless given one.
 */
public final class FakeTicker implements Ticker, Sleeper {
    private static final long ARBITRARY_ORIGIN = -Duration.ofDays(3).toNanos();
    private static final Duration WAITER_TIMEOUT = Duration.ofSeconds(5);

    // Written under this, read without it.
    private volatile long nanos;
    // Guarded by this.
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();

    private record Waiter(Object monitor, long untilNanos) {
    }

    public FakeTicker() {
        this(ARBITRARY_ORIGIN);
    }

    public FakeTicker(long originNanos) {
        this.nanos = originNanos;
    }

    @Override
    public long read() {
        return nanos;
    }

    /** The time from {@code startNanos}, a reading of this ticker, to now. */
    public Duration since(long startNanos) {
        return Duration.ofNanos(nanos - startNanos);
    }

    /** Moves the ticker on, waking the threads whose waits it ends. */
    public void advance(Duration by) {
        move(now -> now + by.toNanos());
    }

    @Override
    public void sleepUntil(long untilNanos) {
        move(now -> {
            sleeps.add(Duration.ofNanos(Math.max(0, untilNanos - now)));
            return untilNanos - now > 0 ? untilNanos : now;
        });
    }

    /** Every plain sleep asked for so far, in order, each as long as it was asked to be (zero included). */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public void waitUntil(Object monitor, long untilNanos) throws InterruptedException {
        Waiter waiter = new Waiter(monitor, untilNanos);
        synchronized (this) {
            waiters.add(waiter);
            notifyAll();
        }
        try {
            // Checked after registering: a move that came before it is seen here, one after it notifies the monitor.
            if (untilNanos - nanos > 0) {
                monitor.wait();
            }
        } finally {
            synchronized (this) {
                waiters.remove(waiter);
            }
        }
    }

    /**
     * Waits (a few seconds at most) until some thread waits on a monitor.
     *
     * @return how long from now that wait lasts unless something ends it first
     */
    public synchronized Duration awaitWaiter() throws InterruptedException {
        long giveUp = System.nanoTime() + WAITER_TIMEOUT.toNanos();
        while (waiters.isEmpty()) {
            long left = giveUp - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("nothing waited on the ticker within " + WAITER_TIMEOUT);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return Duration.ofNanos(waiters.get(0).untilNanos() - nanos);
    }

    /** Sets the time to {@code to(now)}, under this ticker's lock, then wakes the waits it ends. */
    private void move(LongUnaryOperator to) {
        List<Waiter> due = new ArrayList<>();
        synchronized (this) {
            nanos = to.applyAsLong(nanos);
            for (Waiter waiter : waiters) {
                if (waiter.untilNanos() - nanos <= 0) {
                    due.add(waiter);
                }
            }
        }
        // Outside this ticker's lock: a waiter holds its monitor while it registers here.
        for (Waiter waiter : due) {
            synchronized (waiter.monitor()) {
                waiter.monitor().notifyAll();
            }
        }
    }
}
