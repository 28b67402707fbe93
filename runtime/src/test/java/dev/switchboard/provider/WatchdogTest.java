package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    private final Watchdog watchdog = new Watchdog();

    @AfterEach
    void close() {
        watchdog.close();
    }

    @Test
    void anArmedActionFiresOnceItsTimeHasComeAndNotBefore() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        long start = System.nanoTime();
        watchdog.arm(Duration.ofMillis(50).toNanos(), fired::countDown);

        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aDisarmedActionNeverFires() throws Exception {
        AtomicBoolean fired = new AtomicBoolean();
        watchdog.arm(Duration.ofMillis(20).toNanos(), () -> fired.set(true)).disarm();
        CountDownLatch later = new CountDownLatch(1);
        watchdog.arm(Duration.ofMillis(60).toNanos(), later::countDown);

        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fired).isFalse();
    }

    @Test
    void aFailingActionDoesNotStopTheOthers() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        watchdog.arm(0, () -> {
            throw new IllegalStateException("boom");
        });
        watchdog.arm(Duration.ofMillis(10).toNanos(), fired::countDown);

        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
