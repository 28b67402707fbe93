package dev.switchboard.provider;

import dev.switchboard.time.Ticker;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import okhttp3.Call;

/**
 * One upstream call's time limit, kept by the {@link Watchdog} instead of OkHttp: either the whole
 * exchange (a non-streaming call) or the longest silence (a stream: the wait for the head, then
 * between two reads of the body). When it runs out the call is cancelled, and a read that fails
 * because of it fails with a {@link SocketTimeoutException}, as OkHttp's own timeouts would, so
 * the relay reports a timeout rather than a broken connection.
 *
 * <p>A silence limit is not re-armed on every read: a read only notes the time, and when the
 * limit comes due it re-arms itself for the rest of the silence if the stream moved meanwhile.
 */
final class CallLimit {
    private final Watchdog watchdog;
    // The watchdog's: progress is compared with the times its limits come due.
    private final Ticker ticker;
    private final Call call;
    private final long silenceNanos;
    private volatile long lastProgressNanos;
    private volatile Watchdog.Armed armed;
    private volatile boolean done;
    private volatile boolean expired;

    private CallLimit(Watchdog watchdog, Call call, long silenceNanos) {
        this.watchdog = watchdog;
        this.ticker = watchdog.ticker();
        this.call = call;
        this.silenceNanos = silenceNanos;
        this.lastProgressNanos = ticker.read();
    }

    /** Cancels the call unless it is over within {@code limit}. */
    static CallLimit whole(Watchdog watchdog, Call call, Duration limit) {
        CallLimit callLimit = new CallLimit(watchdog, call, 0);
        callLimit.armed = watchdog.arm(limit.toNanos(), callLimit::expire);
        return callLimit;
    }

    /** Cancels the call once it has been silent for {@code silence}: no head yet, or no body bytes since the last ones. */
    static CallLimit silence(Watchdog watchdog, Call call, Duration silence) {
        CallLimit callLimit = new CallLimit(watchdog, call, silence.toNanos());
        callLimit.armed = watchdog.arm(silence.toNanos(), callLimit::checkSilence);
        return callLimit;
    }

    /** The body as a stream that notes progress and reports a cancellation by this limit as a timeout. */
    InputStream watch(InputStream body) {
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                try {
                    int b = super.read();
                    progressed();
                    return b;
                } catch (IOException e) {
                    throw explained(e);
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    int n = super.read(buffer, offset, length);
                    progressed();
                    return n;
                } catch (IOException e) {
                    throw explained(e);
                }
            }
        };
    }

    boolean expired() {
        return expired;
    }

    /** The call is over (answered, failed or closed): the limit no longer applies. */
    void disarm() {
        done = true;
        armed.disarm();
    }

    private void progressed() {
        if (silenceNanos > 0) {
            lastProgressNanos = ticker.read();
        }
    }

    private void checkSilence() {
        if (done) {
            return;
        }
        long silent = ticker.read() - lastProgressNanos;
        if (silent < silenceNanos) {
            armed = watchdog.arm(silenceNanos - silent, this::checkSilence);
            return;
        }
        expire();
    }

    private void expire() {
        expired = true;
        call.cancel();
    }

    private IOException explained(IOException e) {
        if (!expired) {
            return e;
        }
        SocketTimeoutException timeout = new SocketTimeoutException(silenceNanos > 0
                ? "the upstream sent nothing for " + Duration.ofNanos(silenceNanos).toMillis() + " ms"
                : "the upstream call ran out of time");
        timeout.initCause(e);
        return timeout;
    }
}
