package dev.switchboard.time;

import java.util.concurrent.locks.LockSupport;

/** The real ticker and the sleeper that parks on it. */
enum SystemTime implements Ticker, Sleeper {
    INSTANCE;

    @Override
    public long read() {
        return System.nanoTime();
    }

    @Override
    public void sleepUntil(long untilNanos) throws InterruptedException {
        long left;
        while ((left = untilNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    @Override
    public void waitUntil(Object monitor, long untilNanos) throws InterruptedException {
        long left = untilNanos - System.nanoTime();
        if (left > 0) {
            // Whole milliseconds, at least one: the caller's loop waits out a remainder below a millisecond.
            monitor.wait(Math.max(1, left / 1_000_000));
        }
    }
}
