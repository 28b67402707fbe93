package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watchdog on a fake ticker. Its thread still ticks in real time, so "not fired" is checked
 * after a tick has certainly passed: an action armed at the current time fires at the next tick,
 * together with every action due by then, earliest first.
 */
class WatchdogTest {
    private final FakeTicker ticker = new FakeTicker();
    private final Watchdog watchdog = new Watchdog(ticker);

    @AfterEach
    void close() {
        watchdog.close();
    }

    @Test
    void anArmedActionFiresOnceItsTimeHasComeAndNotBefore() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        watchdog.arm(Duration.ofMillis(50).toNanos(), fired::countDown);

        ticker.advance(Duration.ofMillis(50).minusNanos(1));
        awaitTick();
        assertThat(fired.getCount()).isEqualTo(1);
        ticker.advance(Duration.ofNanos(1));

        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aDisarmedActionNeverFires() throws Exception {
        AtomicBoolean fired = new AtomicBoolean();
        watchdog.arm(Duration.ofMillis(20).toNanos(), () -> fired.set(true)).disarm();

        ticker.advance(Duration.ofMillis(20));
        awaitTick();

        assertThat(fired).isFalse();
    }

    @Test
    void aFailingActionDoesNotStopTheOthers() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        watchdog.arm(0, () -> {
            throw new IllegalStateException("boom");
        });
        watchdog.arm(Duration.ofMillis(10).toNanos(), fired::countDown);

        ticker.advance(Duration.ofMillis(10));

        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private void awaitTick() throws InterruptedException {
        CountDownLatch ticked = new CountDownLatch(1);
        watchdog.arm(0, ticked::countDown);
        assertThat(ticked.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
