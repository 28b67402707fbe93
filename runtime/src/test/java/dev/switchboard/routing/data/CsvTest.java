package dev.switchboard.routing.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void aQuotedFieldKeepsItsLineBreaksAndCommas() throws IOException {
        List<List<String>> rows = Csv.read(new StringReader("a,b\n\"line 1\nline 2, still b\",x\n"));

        assertThat(rows).containsExactly(List.of("a", "b"), List.of("line 1\nline 2, still b", "x"));
    }

    @Test
    void aDoubledQuoteInsideAQuotedFieldIsOneQuote() throws IOException {
        List<List<String>> rows = Csv.read(new StringReader("\"say \"\"hi\"\"\",2"));

        assertThat(rows).containsExactly(List.of("say \"hi\"", "2"));
    }

    @Test
    void crlfEndsARecordAndEmptyFieldsAreKept() throws IOException {
        List<List<String>> rows = Csv.read(new StringReader("a,,c\r\n,b,\r\n"));

        assertThat(rows).containsExactly(List.of("a", "", "c"), List.of("", "b", ""));
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        assertThatThrownBy(() -> Csv.read(new StringReader("a,\"open\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("quoted field");
    }
}
