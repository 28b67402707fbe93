package dev.switchboard.time;

/**
 * How a thread waits for a time on a {@link Ticker}: the failover loop's back-offs and cool-down
 * waits, and the hedging race's wait for an answer or its hedge delay, whichever comes first. A
 * sleeper belongs to one ticker, whose readings its times are in; {@link #system()} to
 * {@link Ticker#system()}.
 */
public interface Sleeper {

    /** Returns once the ticker reads {@code untilNanos} or later. */
    void sleepUntil(long untilNanos) throws InterruptedException;

    /**
     * Waits on {@code monitor}, which the caller holds, until it is notified or the ticker reaches
     * {@code untilNanos}. Like {@link Object#wait}, it may return early: callers re-check their
     * condition and the time in a loop.
     */
    void waitUntil(Object monitor, long untilNanos) throws InterruptedException;

    /** Parks on {@link System#nanoTime()}. */
    static Sleeper system() {
        return SystemTime.INSTANCE;
    }
}
