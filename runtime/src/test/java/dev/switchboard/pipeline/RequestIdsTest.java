package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void generatedIdsStartWithTheTimeSoTheyGrowFromOneMillisecondToTheNext() {
        String earlier = RequestIds.generate(1_700_000_000_000L);
        String later = RequestIds.generate(1_700_000_000_001L);

        assertThat(earlier).matches("req_[0-9a-f]{24}").startsWith("req_018bcfe56800");
        assertThat(later).startsWith("req_018bcfe56801").isGreaterThan(earlier);
    }

    @Test
    void aFreshIdCarriesTheCurrentTime() {
        long before = System.currentTimeMillis();
        String id = RequestIds.generate();
        long after = System.currentTimeMillis();

        assertThat(Long.parseLong(id.substring(4, 16), 16)).isBetween(before, after);
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
