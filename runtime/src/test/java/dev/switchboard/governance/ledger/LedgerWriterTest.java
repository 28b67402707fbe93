package dev.switchboard.governance.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.usage.AttemptResult;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LedgerWriterTest {
    private static final GatewayConfig.Ledger SETTINGS = new GatewayConfig.Ledger(true, 50, Duration.ofMillis(20), 1000);

    static UsageRecord record(String id, Instant time, TokenUsage usage, BigDecimal cost, UsageRecord.Attribution who) {
        return new UsageRecord(time, id, "chat.completions", "gpt-test", "oai", "gpt-test-2025", true,
                UsageRecord.Outcome.COMPLETED, 200, usage, cost, 1234,
                List.of(new UsageRecord.Attempt("oai/gpt-test-2025", AttemptResult.RATE_LIMIT, 429, 50, null),
                        new UsageRecord.Attempt("oai/gpt-test-2025", AttemptResult.SERVED, 200, 900, null)),
                who, "failover after rate_limit");
    }

    private static Map<String, Object> row(Database database, String id) {
        return new Jdbc(database).queryOne("SELECT * FROM usage_ledger WHERE request_id = ?", LedgerWriterTest::columns, id).orElseThrow();
    }

    private static Map<String, Object> columns(ResultSet row) throws SQLException {
        Map<String, Object> columns = new java.util.HashMap<>();
        for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
            Object value = row.getObject(i);
            columns.put(row.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT),
                    value instanceof Number n ? n.longValue() : value);
        }
        return columns;
    }

    private static long count(Database database) {
        return new Jdbc(database).queryOne("SELECT COUNT(*) AS n FROM usage_ledger", r -> r.getLong("n")).orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRecordBecomesOneRowWithEveryFieldMapped(TestDatabase kind) {
        try (Database database = kind.open()) {
            Instant time = Instant.parse("2026-11-03T23:59:59.500Z");
            try (LedgerWriter ledger = new LedgerWriter(new Jdbc(database), SETTINGS)) {
                ledger.record(record("req-1", time, new TokenUsage(100, 40, 10, 30, 5), new BigDecimal("0.0000123456785"),
                        new UsageRecord.Attribution("org_1", "team_1", "key_1", "run-42")));
            }

            Map<String, Object> row = row(database, "req-1");
            assertThat(row).containsEntry("time", time.toEpochMilli()).containsEntry("day", "2026-11-03")
                    .containsEntry("org_id", "org_1").containsEntry("team_id", "team_1").containsEntry("key_id", "key_1")
                    .containsEntry("tag", "run-42").containsEntry("endpoint", "chat.completions")
                    .containsEntry("requested_model", "gpt-test").containsEntry("served_model", "gpt-test-2025")
                    .containsEntry("provider", "oai").containsEntry("deployment", "oai/gpt-test-2025")
                    .containsEntry("attempts", 2L).containsEntry("input_tokens", 100L).containsEntry("cached_tokens", 40L)
                    .containsEntry("cache_write_tokens", 10L).containsEntry("output_tokens", 30L)
                    .containsEntry("reasoning_tokens", 5L).containsEntry("cost_nanos", 12346L)
                    .containsEntry("latency_micros", 1234L).containsEntry("status", 200L).containsEntry("outcome", "completed")
                    .containsEntry("stream", 1L).containsEntry("route_reason", "failover after rate_limit");
            assertThat((String) row.get("attempt_detail")).contains("\"result\":\"rate_limit\"").contains("\"status\":429")
                    .contains("\"deployment\":\"oai/gpt-test-2025\"");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRequestWithoutUsageHasZeroTokensAndAnUnknownNotZeroCost(TestDatabase kind) {
        try (Database database = kind.open()) {
            try (LedgerWriter ledger = new LedgerWriter(new Jdbc(database), SETTINGS)) {
                ledger.record(record("req-2", Instant.now(), null, null, null));
            }

            Map<String, Object> row = row(database, "req-2");
            assertThat(row).containsEntry("input_tokens", 0L).containsEntry("output_tokens", 0L).containsEntry("org_id", null);
            assertThat(row.get("cost_nanos")).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void closingWritesEveryQueuedRecordEvenWhenTheFlushIntervalHasNotPassed(TestDatabase kind) {
        try (Database database = kind.open()) {
            LedgerWriter ledger = new LedgerWriter(new Jdbc(database), new GatewayConfig.Ledger(true, 100, Duration.ofHours(1), 10_000));
            for (int i = 0; i < 1000; i++) {
                ledger.record(record("req-" + i, Instant.now(), TokenUsage.NONE, BigDecimal.ZERO, null));
            }

            ledger.close();

            assertThat(count(database)).isEqualTo(1000);
            assertThat(ledger.backlog()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aBatchRetriedAfterItsCommitAcknowledgementWasLostIsStoredOnce(TestDatabase kind) {
        try (Database database = kind.open()) {
            Jdbc jdbc = new Jdbc(database);
            AtomicBoolean loseAcknowledgement = new AtomicBoolean(true);
            BatchWriter<UsageRecord> writer = new BatchWriter<>("test-ledger", batch -> {
                jdbc.inTransaction(c -> {
                    LedgerTable.insert(c, batch);
                    return null;
                });
                if (loseAcknowledgement.getAndSet(false)) {
                    throw new SQLException("connection reset after commit");
                }
            }, 500, Duration.ofMillis(50), 1000, Duration.ofMillis(1));
            for (int i = 0; i < 300; i++) {
                writer.submit(record("req-" + i, Instant.now(), TokenUsage.NONE, BigDecimal.ONE, null));
            }

            writer.close();

            assertThat(loseAcknowledgement).isFalse();
            assertThat(count(database)).isEqualTo(300);
            assertThat(writer.written()).isEqualTo(300);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aWriteThatFailsIsRetriedUntilTheDatabaseTakesIt(TestDatabase kind) {
        try (Database database = kind.open()) {
            Jdbc jdbc = new Jdbc(database);
            java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger(3);
            BatchWriter<UsageRecord> writer = new BatchWriter<>("test-ledger", batch -> {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new SQLException("database is restarting");
                }
                jdbc.inTransaction(c -> {
                    LedgerTable.insert(c, batch);
                    return null;
                });
            }, 500, Duration.ofMillis(10), 1000, Duration.ofMillis(1));
            for (int i = 0; i < 20; i++) {
                writer.submit(record("req-" + i, Instant.now(), TokenUsage.NONE, BigDecimal.ONE, null));
            }

            writer.close();

            assertThat(count(database)).isEqualTo(20);
        }
    }
}
