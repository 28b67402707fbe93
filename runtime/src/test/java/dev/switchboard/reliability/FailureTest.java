package dev.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.usage.AttemptResult;
import org.junit.jupiter.api.Test;

class FailureTest {

    @Test
    void an_attempt_that_failed_is_recorded_under_its_failures_config_name() {
        for (Failure failure : Failure.values()) {
            AttemptResult result = failure.result();

            assertThat(result.wireName()).isEqualTo(failure.configName());
            assertThat(result.failed()).isTrue();
        }
        assertThat(AttemptResult.SERVED.failed()).isFalse();
        assertThat(AttemptResult.CANCELLED.failed()).isFalse();
    }
}
