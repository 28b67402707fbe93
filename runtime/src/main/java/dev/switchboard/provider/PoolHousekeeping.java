package dev.switchboard.provider;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.RealConnectionPool;

/**
 * OkHttp's connection pool with its housekeeping (closing connections idle past the keep-alive,
 * or beyond the idle limit) done lazily, about once a second, instead of on the spot.
 *
 * <p>Why: OkHttp reschedules that housekeeping every time a call hands its connection back, and
 * its task runner wakes a thread to do it, once per request. On a small machine that wake-up
 * preempts the request thread just before it answers the client: it was the largest single item
 * left in the gateway's added latency at concurrency 1 (docs/benchmarks.md). Here the runner's
 * coordinator is never woken early; it looks at the pool when its wait runs out, at most
 * {@link #PERIOD} later. Closing an idle connection a second late costs nothing.
 *
 * <p>This uses OkHttp's {@code internal} task-runner API, the one public seam for it. Upgrading
 * OkHttp means checking this class still compiles and {@code PoolHousekeepingTest} still passes.
 */
final class PoolHousekeeping implements TaskRunner.Backend {
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private PoolHousekeeping() {
    }

    /** A pool keeping up to {@code maxIdle} connections for {@code keepAlive}, tidied lazily. */
    static ConnectionPool pool(int maxIdle, Duration keepAlive) {
        TaskRunner runner = new TaskRunner(new PoolHousekeeping());
        return new ConnectionPool(new RealConnectionPool(runner, maxIdle, keepAlive.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void beforeTask(TaskRunner taskRunner) {
    }

    /** Real time, not the gateway's Ticker: OkHttp stamps a connection's idle start with {@link System#nanoTime()} itself. */
    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Not woken early: a returned connection's housekeeping waits for the next look. */
    @Override
    public void coordinatorNotify(TaskRunner taskRunner) {
    }

    /** Called holding {@code taskRunner}'s monitor, as OkHttp's own backend is. */
    @Override
    public void coordinatorWait(TaskRunner taskRunner, long nanos) {
        long wait = Math.min(nanos, PERIOD.toNanos());
        if (wait <= 0) {
            return;
        }
        try {
            taskRunner.wait(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            // The Kotlin interface declares it without Java seeing it; OkHttp's runner catches it to stop its tasks.
            throw PoolHousekeeping.<RuntimeException>unchecked(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E unchecked(Throwable e) throws E {
        throw (E) e;
    }

    @Override
    public void execute(Runnable runnable) {
        Thread.ofPlatform().name("switchboard-connection-pool").daemon().start(runnable);
    }
}
