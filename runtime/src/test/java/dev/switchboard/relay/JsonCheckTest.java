package dev.switchboard.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonCheckTest {

    @Test
    void one_complete_json_value_is_well_formed() {
        assertThat(JsonCheck.wellFormed(bytes("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}"))).isTrue();
        assertThat(JsonCheck.wellFormed(bytes(" [1, 2] "))).isTrue();
    }

    @Test
    void truncated_garbled_empty_or_trailing_content_is_not() {
        assertThat(JsonCheck.wellFormed(bytes("{\"choices\":[{\"delta\":"))).isFalse();
        assertThat(JsonCheck.wellFormed(bytes("<html>502 Bad Gateway</html>"))).isFalse();
        assertThat(JsonCheck.wellFormed(bytes(""))).isFalse();
        assertThat(JsonCheck.wellFormed(bytes("{\"a\":1} {\"b\":2}"))).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
