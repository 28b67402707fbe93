package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.error.GatewayException;
import org.junit.jupiter.api.Test;

class HintsTest {
    @Test
    void theHeaderFormCarriesEveryHint() {
        Hints h = Hints.parseHeader("task=code; max_cost=0.01; latency_ms=2000; capabilities=tools,vision; quality_weight=0.7");
        assertThat(h).isEqualTo(new Hints(Task.CODE, 0.01, 2000L, java.util.Set.of("tools", "vision"), 0.7));
    }

    @Test
    void theBodyFormTakesTheSameKeys() throws Exception {
        Hints h = Hints.parseJson(new ObjectMapper().readTree("{\"task\":\"maths\",\"capabilities\":[\"json_schema\"],\"quality_weight\":0}"));
        assertThat(h).isEqualTo(new Hints(Task.MATHS, null, null, java.util.Set.of("json_schema"), 0.0));
    }

    @Test
    void anUnknownHintIsABadRequestNamingIt() {
        assertThatThrownBy(() -> Hints.parseHeader("colour=blue"))
                .isInstanceOf(GatewayException.InvalidRequest.class).hasMessageContaining("Invalid routing hint 'colour'");
    }

    @Test
    void aWeightOutsideZeroToOneIsABadRequestNamingIt() {
        assertThatThrownBy(() -> Hints.parseHeader("quality_weight=1.5"))
                .isInstanceOf(GatewayException.InvalidRequest.class).hasMessageContaining("'quality_weight'");
    }
}
