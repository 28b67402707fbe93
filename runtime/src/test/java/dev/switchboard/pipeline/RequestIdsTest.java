package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void generatedIdsStartWithTheTimeSoTheyGrowFromOneMillisecondToTheNext() throws Exception {
        String earlier = RequestIds.generate();
        Thread.sleep(2);
        String later = RequestIds.generate();

        assertThat(earlier).matches("req_[0-9a-f]{24}");
        assertThat(later).isGreaterThan(earlier);
        assertThat(Long.parseLong(later.substring(4, 16), 16)).isCloseTo(System.currentTimeMillis(), Offset.offset(5_000L));
    }

    @Test
    void idsGeneratedInTheSameMillisecondDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(RequestIds.generate());
        }
        assertThat(ids).hasSize(100_000);
    }

    @Test
    void aSaneClientIdIsKeptAndAnUnsafeOneReplaced() {
        assertThat(RequestIds.accept("trace-42:a.b_c")).isEqualTo("trace-42:a.b_c");
        assertThat(RequestIds.accept("bad id\r\nx-injected: 1")).startsWith("req_").hasSize(28);
    }
}
