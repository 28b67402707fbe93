package dev.switchboard.governance.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.testing.ChatStubs;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Requests through a real gateway, streams included, reach the ledger intact when the gateway
 * stops gracefully — even though the flush interval (an hour) has not passed for any of them.
 */
class LedgerDurabilityTest {
    private record Row(String model, long input, long output, Long costNanos, String tag, String outcome, long stream) {
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void everyRequestIsInTheLedgerAfterAGracefulStop(TestDatabase kind) {
        String url = kind.newUrl();
        Map<String, String> expectedTags = new HashMap<>();
        try (FakeVendor openai = new FakeVendor(FakeVendor.Format.OPENAI); FakeVendor anthropic = new FakeVendor(FakeVendor.Format.ANTHROPIC)) {
            ChatStubs.openAi(openai, "Hello there");
            ChatStubs.anthropic(anthropic, "Hello there");
            RunningGateway gateway = RunningGateway.start(kind.governanceYaml(url) + """
                      ledger:
                        flush_interval: 1h
                        batch_size: 1000
                    """ + ChatStubs.config(openai, anthropic, "sk-gateway-key"));
            try {
                for (int i = 0; i < 10; i++) {
                    for (boolean stream : List.of(false, true)) {
                        String tag = "run-" + i + (stream ? "-s" : "");
                        expect(expectedTags, tag, gateway.post("/v1/chat/completions", ChatStubs.openAiRequest("hi", stream),
                                "x-switchboard-tag", tag));
                        expect(expectedTags, tag, gateway.post("/v1/messages", ChatStubs.anthropicRequest("hi", stream),
                                "x-switchboard-tag", tag));
                    }
                }
                assertThat(gateway.gateway().ledger().orElseThrow().written()).as("nothing written before the flush interval").isZero();
            } finally {
                gateway.close();
            }
        }

        try (Database database = kind.open(url)) {
            Map<String, Row> rows = new HashMap<>();
            new Jdbc(database).query("SELECT * FROM usage_ledger", row -> rows.put(row.getString("request_id"), new Row(
                    row.getString("requested_model"), row.getLong("input_tokens"), row.getLong("output_tokens"),
                    Jdbc.nullableLong(row, "cost_nanos"), row.getString("tag"), row.getString("outcome"), row.getLong("stream"))));

            assertThat(rows).hasSize(40).containsOnlyKeys(expectedTags.keySet());
            rows.forEach((id, row) -> {
                assertThat(row.tag()).isEqualTo(expectedTags.get(id));
                assertThat(row.outcome()).isEqualTo("completed");
                assertThat(row.stream()).isEqualTo(row.tag().endsWith("-s") ? 1 : 0);
                if (row.model().equals("gpt-test")) {
                    assertThat(row).extracting(Row::input, Row::output, Row::costNanos)
                            .containsExactly(ChatStubs.OPENAI_INPUT, ChatStubs.OPENAI_OUTPUT, ChatStubs.OPENAI_COST_NANOS);
                } else {
                    assertThat(row).extracting(Row::input, Row::output, Row::costNanos)
                            .containsExactly(ChatStubs.ANTHROPIC_INPUT, ChatStubs.ANTHROPIC_OUTPUT, ChatStubs.ANTHROPIC_COST_NANOS);
                }
            });
        }
    }

    private static void expect(Map<String, String> tags, String tag, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        tags.put(response.headers().firstValue("x-request-id").orElseThrow(), tag);
    }
}
