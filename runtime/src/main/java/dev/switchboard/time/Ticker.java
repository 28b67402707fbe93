package dev.switchboard.time;

/**
 * A source of monotonic time, in nanoseconds from an arbitrary origin: only differences between
 * two readings mean anything, as with {@link System#nanoTime()}. Everything that measures or
 * bounds time on the request path (deadlines, back-offs, cool-downs, latencies, hedge delays,
 * upstream time limits) reads one, so tests move a fake one instead of sleeping.
 *
 * <p>Modelled on Caffeine's {@code Ticker}; the gateway's own, so that reliability does not depend
 * on a cache library's interface.
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds since this ticker's fixed, arbitrary origin; may be negative, compare by subtracting. */
    long read();

    /** {@link System#nanoTime()}. */
    static Ticker system() {
        return SystemTime.INSTANCE;
    }
}
