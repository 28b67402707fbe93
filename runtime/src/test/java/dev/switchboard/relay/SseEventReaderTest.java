package dev.switchboard.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventReaderTest {

    private static List<SseEventReader.Event> readAll(InputStream in) throws IOException {
        SseEventReader reader = new SseEventReader(in);
        List<SseEventReader.Event> events = new ArrayList<>();
        for (SseEventReader.Event e = reader.next(); e != null; e = reader.next()) {
            events.add(e);
        }
        return events;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Delivers one byte per read, the worst case of TCP segmentation. */
    private static InputStream trickle(String s) {
        ByteArrayInputStream all = new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
        return new InputStream() {
            @Override
            public int read() {
                return all.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len == 0 ? 0 : all.read(b, off, 1);
            }
        };
    }

    @Test
    void events_split_across_reads_are_reassembled_byte_exact() throws IOException {
        String stream = "data: {\"a\":\"é☃\"}\n\ndata: [DONE]\n\n";

        List<SseEventReader.Event> events = readAll(trickle(stream));

        assertThat(events).hasSize(2);
        assertThat(text(events.get(0).raw())).isEqualTo("data: {\"a\":\"é☃\"}\n\n");
        assertThat(text(events.get(0).data())).isEqualTo("{\"a\":\"é☃\"}");
        assertThat(events.get(1).isDone()).isTrue();
    }

    @Test
    void crlf_line_endings_and_comments_are_understood() throws IOException {
        List<SseEventReader.Event> events = readAll(trickle(": keep-alive\r\n\r\nevent: message\r\ndata: x\r\n\r\n"));

        assertThat(events).hasSize(2);
        assertThat(events.get(0).data()).isNull();
        assertThat(text(events.get(1).data())).isEqualTo("x");
    }

    @Test
    void multi_line_data_is_joined_with_newlines() throws IOException {
        List<SseEventReader.Event> events = readAll(new ByteArrayInputStream("data: one\ndata:two\n\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(text(events.get(0).data())).isEqualTo("one\ntwo");
    }

    @Test
    void an_event_larger_than_the_buffer_is_read_whole() throws IOException {
        String big = "x".repeat(100_000);

        List<SseEventReader.Event> events = readAll(new ByteArrayInputStream(("data: " + big + "\n\n").getBytes(StandardCharsets.UTF_8)));

        assertThat(text(events.get(0).data())).isEqualTo(big);
    }

    @Test
    void a_final_event_without_its_blank_line_is_still_returned() throws IOException {
        List<SseEventReader.Event> events = readAll(new ByteArrayInputStream("data: a\n\ndata: partial".getBytes(StandardCharsets.UTF_8)));

        assertThat(events).hasSize(2);
        assertThat(text(events.get(1).data())).isEqualTo("partial");
        assertThat(events.get(1).isDone()).isFalse();
    }
}
