package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallControlTest {
    private final FakeTicker ticker = new FakeTicker();

    @Test
    void a_calls_limit_is_its_timeout_or_the_time_left_before_the_deadline_whichever_is_shorter() {
        CallControl control = CallControl.until(ticker.read() + Duration.ofSeconds(10).toNanos(), ticker);

        assertThat(control.limit(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(4));
        ticker.advance(Duration.ofMillis(7_500));
        assertThat(control.limit(Duration.ofSeconds(4))).isEqualTo(Duration.ofMillis(2_500));
    }

    @Test
    void a_call_past_its_deadline_gets_the_shortest_limit_a_millisecond() {
        CallControl control = CallControl.until(ticker.read(), ticker);

        ticker.advance(Duration.ofSeconds(1));

        assertThat(control.limit(Duration.ofSeconds(4))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void without_a_deadline_the_timeout_is_the_limit() {
        assertThat(CallControl.unlimited().limit(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
    }
}
