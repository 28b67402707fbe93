package dev.switchboard.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.relay.SseEventReader;
import dev.switchboard.testing.AnthropicWire;
import dev.switchboard.usage.TokenUsage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicUsageTest {

    @Test
    void a_message_bodys_usage_counts_cache_reads_and_writes_into_the_input() {
        AnthropicUsage.Found found = AnthropicUsage.scan(AnthropicWire.bytes("message-text.json"));

        assertThat(found.usage()).isEqualTo(new TokenUsage(21 + 4096 + 1536, 4096, 1536, 31, 0));
        assertThat(found.usage().uncachedInputTokens()).isEqualTo(21);
    }

    /** Regression (issue 14): the scan stopped at the usage object, so whatever came after it (or did not) reached the client unread. */
    @Test
    void a_recorded_message_followed_by_anything_is_not_json() {
        String message = AnthropicWire.payload("message-text.json");

        assertThat(scan(message + "\n" + message)).isSameAs(AnthropicUsage.Found.NOT_JSON);
        assertThat(scan(message + "event: message_stop")).isSameAs(AnthropicUsage.Found.NOT_JSON);
        // Cut off after its usage object, which Anthropic writes last.
        assertThat(scan(message.substring(0, message.lastIndexOf('}')))).isSameAs(AnthropicUsage.Found.NOT_JSON);
    }

    private static AnthropicUsage.Found scan(String json) {
        return AnthropicUsage.scan(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_cost_is_spliced_into_the_usage_object_and_the_rest_of_the_body_is_untouched() {
        String body = "{\"id\":\"msg_1\",\"content\":[{\"type\":\"text\",\"text\":\"\\\"usage\\\":{}\"}],"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":4} ,\"x\":{\"usage\":{}}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        byte[] priced = AnthropicUsage.withCost(bytes, AnthropicUsage.scan(bytes), new BigDecimal("0.000123"));

        assertThat(new String(priced, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"msg_1\",\"content\":[{\"type\":\"text\",\"text\":\"\\\"usage\\\":{}\"}],"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":4,\"cost_usd\":0.000123} ,\"x\":{\"usage\":{}}}");
    }

    @Test
    void the_splice_offset_counts_bytes_not_characters() {
        byte[] bytes = "{\"content\":[{\"text\":\"27 × 453 ☃\"}],\"usage\":{}}".getBytes(StandardCharsets.UTF_8);

        byte[] priced = AnthropicUsage.withCost(bytes, AnthropicUsage.scan(bytes), BigDecimal.ONE);

        assertThat(new String(priced, StandardCharsets.UTF_8)).isEqualTo("{\"content\":[{\"text\":\"27 × 453 ☃\"}],\"usage\":{\"cost_usd\":1}}");
    }

    @Test
    void a_body_without_usage_or_not_json_has_none() {
        assertThat(AnthropicUsage.scan("{\"id\":\"msg_1\"}".getBytes(StandardCharsets.UTF_8)).usage()).isNull();
        assertThat(AnthropicUsage.scan("Overloaded".getBytes(StandardCharsets.UTF_8)).usage()).isNull();
    }

    @Test
    void a_stream_combines_message_start_input_with_message_delta_output_and_prices_the_delta() {
        AnthropicUsage.StreamUsage stream = new AnthropicUsage.StreamUsage();
        AnthropicUsage.Found last = null;
        byte[] lastData = null;
        for (SseEventReader.Event event : AnthropicWire.events("stream-text.sse")) {
            AnthropicUsage.Found found = stream.accept(event.data());
            if (found != null) {
                last = found;
                lastData = event.data();
            }
        }

        assertThat(stream.usage()).isEqualTo(new TokenUsage(472 + 2048, 2048, 0, 12, 0));
        assertThat(last.usage()).isEqualTo(stream.usage());
        assertThat(new String(AnthropicUsage.StreamUsage.pricedEvent(lastData, last, new BigDecimal("0.0021")), StandardCharsets.UTF_8))
                .isEqualTo("""
                        event: message_delta
                        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":12,"cost_usd":0.0021}}

                        """);
    }

    @Test
    void a_newer_message_delta_with_cumulative_input_counts_replaces_the_start_counts() {
        AnthropicUsage.StreamUsage stream = new AnthropicUsage.StreamUsage();
        for (SseEventReader.Event event : AnthropicWire.events("stream-tool-use.sse")) {
            stream.accept(event.data());
        }

        assertThat(stream.usage()).isEqualTo(new TokenUsage(633 + 1024, 0, 1024, 89, 0));
    }

    @Test
    void only_message_delta_offers_a_place_for_the_cost() {
        AnthropicUsage.StreamUsage stream = new AnthropicUsage.StreamUsage();

        assertThat(stream.usage()).isNull();
        assertThat(stream.accept(AnthropicWire.events("stream-text.sse").getFirst().data())).isNull();
        assertThat(stream.usage()).isEqualTo(new TokenUsage(2520, 2048, 0, 2, 0));
        assertThat(stream.accept("{\"type\":\"content_block_delta\",\"usage\":{\"output_tokens\":1}}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(stream.accept(null)).isNull();
    }
}
