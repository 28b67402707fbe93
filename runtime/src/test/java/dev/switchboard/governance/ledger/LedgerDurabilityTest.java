package dev.switchboard.governance.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.server.Gateway;
import dev.switchboard.testing.ChatStubs;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.OutlastingStream;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

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

    /**
     * The bug: {@code Gateway.close()} stopped the HTTP server first, and when that threw — a stream
     * outlasting the shutdown timeout makes Jetty's stop end in a TimeoutException — it never wrote
     * the ledger nor closed the database.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theLedgerIsWrittenAndTheDatabaseClosedEvenWhenStoppingTheServerTimesOut(TestDatabase kind) throws Exception {
        String url = kind.newUrl();
        try (OutlastingStream upstreams = new OutlastingStream()) {
            RunningGateway gateway = RunningGateway.start(kind.governanceYaml(url) + "  ledger:\n    flush_interval: 1h\n" + upstreams.yaml());
            HttpResponse<String> finished = upstreams.finishOneAndStartEndless(gateway.baseUrl() + "/v1/chat/completions");

            Logger gatewayLog = (Logger) LoggerFactory.getLogger(Gateway.class);
            ListAppender<ILoggingEvent> logged = new ListAppender<>();
            logged.start();
            gatewayLog.addAppender(logged);
            try {
                gateway.close();
            } finally {
                gatewayLog.detachAppender(logged);
            }

            assertThat(logged.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("Stopping the HTTP server failed");
            });
            assertThat(finished.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> gateway.gateway().governance().database().connection()).as("the database is closed")
                    .isInstanceOf(SQLException.class);
            try (Database database = kind.open(url)) {
                assertThat(new Jdbc(database).query("SELECT request_id FROM usage_ledger", row -> row.getString(1)))
                        .contains(finished.headers().firstValue("x-request-id").orElseThrow());
            }
        }
    }

    private static void expect(Map<String, String> tags, String tag, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        tags.put(response.headers().firstValue("x-request-id").orElseThrow(), tag);
    }
}
