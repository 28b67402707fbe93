package dev.switchboard.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonTest {

    @Test
    void one_value_with_whitespace_around_it_is_read() throws IOException {
        assertThat(StrictJson.readTree(" {\"a\":1}\r\n".getBytes(StandardCharsets.UTF_8)).path("a").intValue()).isEqualTo(1);
        assertThat(StrictJson.readTree("[1, 2]").size()).isEqualTo(2);
        assertThat(StrictJson.readTree("null").isNull()).isTrue();
    }

    @Test
    void nothing_but_whitespace_is_a_missing_value() throws IOException {
        assertThat(StrictJson.readTree(" \n".getBytes(StandardCharsets.UTF_8)).isMissingNode()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}{\"b\":2}", "{\"a\":1}\n{\"b\":2}", "{\"a\":1}data: {\"b\":2}", "{\"a\":1}\n[DONE]", "1 2", "{\"a\":1}}"})
    void anything_after_the_value_is_refused_saying_where(String json) {
        assertThatThrownBy(() -> StrictJson.readTree(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> StrictJson.readTree(json)).isInstanceOf(JsonParseException.class);
    }

    @Test
    void the_error_names_where_the_extra_content_begins() {
        assertThatThrownBy(() -> StrictJson.readTree("{\"a\":1}\n {\"b\":2}"))
                .isInstanceOf(JsonParseException.class)
                .satisfies(e -> {
                    JsonParseException error = (JsonParseException) e;
                    assertThat(error.getOriginalMessage()).isEqualTo("Unexpected content after the JSON value");
                    assertThat(error.getLocation().getLineNr()).isEqualTo(2);
                    assertThat(error.getLocation().getColumnNr()).isEqualTo(2);
                });
    }

    @Test
    void a_token_scan_is_at_the_end_only_when_nothing_follows_its_value() throws IOException {
        JsonFactory factory = new JsonFactory();
        try (JsonParser alone = factory.createParser("{\"a\":[1]} ");
             JsonParser followed = factory.createParser("{\"a\":[1]} {}")) {
            alone.nextToken();
            alone.skipChildren();
            followed.nextToken();
            followed.skipChildren();

            assertThat(StrictJson.atEnd(alone)).isTrue();
            assertThat(StrictJson.atEnd(followed)).isFalse();
        }
    }
}
