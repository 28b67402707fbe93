package dev.switchboard.provider;

import dev.switchboard.error.GatewayException;
import dev.switchboard.time.Ticker;
import java.time.Duration;

/**
 * The gateway's hold on one upstream attempt while it runs on another thread: the request's
 * deadline, which caps the attempt's timeout, and an abort that cancels the call wherever it is
 * (connecting, waiting for the head, reading the body). The reliability layer aborts attempts
 * whose first token is late and hedged attempts that lost the race; the abort's reason is what
 * the attempt then fails with.
 */
public final class CallControl {
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final long deadlineNanos;
    private final Ticker ticker;
    private volatile Runnable canceller;
    private volatile GatewayException abortReason;

    private CallControl(long deadlineNanos, Ticker ticker) {
        this.deadlineNanos = deadlineNanos;
        this.ticker = ticker;
    }

    /** A control with no deadline, for calls outside the reliability layer (embeddings, token counts). */
    public static CallControl unlimited() {
        // No deadline: the ticker is never read.
        return new CallControl(NO_DEADLINE, null);
    }

    /** @param deadlineNanos the reading of {@code ticker} by which the attempt must be over */
    public static CallControl until(long deadlineNanos, Ticker ticker) {
        return new CallControl(deadlineNanos, ticker);
    }

    /** The shorter of {@code timeout} and the time left before the deadline (at least a millisecond). */
    public Duration limit(Duration timeout) {
        if (deadlineNanos == NO_DEADLINE) {
            return timeout;
        }
        long left = Math.max(deadlineNanos - ticker.read(), 1_000_000);
        return left < timeout.toNanos() ? Duration.ofNanos(left) : timeout;
    }

    /** Called by the HTTP client with what cancels its call; runs at once when the attempt was already aborted. */
    public void onAbort(Runnable cancel) {
        canceller = cancel;
        if (abortReason != null) {
            cancel.run();
        }
    }

    /** Cancels the attempt; it fails with {@code reason}. Only the first reason counts. */
    public void abort(GatewayException reason) {
        synchronized (this) {
            if (abortReason != null) {
                return;
            }
            abortReason = reason;
        }
        Runnable cancel = canceller;
        if (cancel != null) {
            cancel.run();
        }
    }

    /** Why the attempt was aborted, or null while it was not. */
    public GatewayException abortReason() {
        return abortReason;
    }
}
