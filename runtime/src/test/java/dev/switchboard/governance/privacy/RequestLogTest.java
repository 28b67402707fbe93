package dev.switchboard.governance.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.Caller;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.identity.ModelRules;
import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.relay.Transcript;
import dev.switchboard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RequestLogTest {
    private static final GatewayConfig.Ledger BATCHING = new GatewayConfig.Ledger(true, 10, Duration.ofMillis(10), 100);
    private static final Instant TIME = Instant.parse("2026-11-03T10:00:00Z");
    private static final Caller OPTED_IN = new Caller("key_a", "org_1", "team_a", ModelRules.ANY, ModelRules.ANY, true, 7);
    private static final Caller NOT_OPTED_IN = new Caller("key_b", "org_1", "team_b", ModelRules.ANY, ModelRules.ANY, false, null);
    private static final byte[] REQUEST = """
            {"model":"gpt-test","messages":[{"role":"user","content":"I am bob@example.com, card 4111 1111 1111 1111"}]}"""
            .getBytes(StandardCharsets.UTF_8);

    private static List<Map<String, Object>> rows(Database database) {
        return new Jdbc(database).query("SELECT request_id, team_id, request_text, response_text, expires_at FROM request_logs ORDER BY request_id",
                row -> {
                    Map<String, Object> m = new java.util.HashMap<>();
                    m.put("request_id", row.getString("request_id"));
                    m.put("team_id", row.getString("team_id"));
                    m.put("request_text", row.getString("request_text"));
                    m.put("response_text", row.getString("response_text"));
                    m.put("expires_at", row.getLong("expires_at"));
                    return m;
                });
    }

    private static Transcript sent(RequestLog log, Caller caller, String... events) {
        Transcript transcript = log.transcript(caller);
        for (String event : events) {
            transcript.append(event.getBytes(StandardCharsets.UTF_8));
        }
        return transcript;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anOptedInTeamsRequestAndAnswerAreStoredRedactedUntilItsRetentionEnds(TestDatabase kind) {
        try (Database database = kind.open()) {
            try (RequestLog log = new RequestLog(new Jdbc(database), new Redactor(), BATCHING)) {
                log.record("req-1", TIME, OPTED_IN, "gpt-test", () -> REQUEST,
                        sent(log, OPTED_IN, "{\"choices\":[{\"message\":{\"content\":\"Noted, call +44 20 7946 0958\"}}]}"), false);
            }

            assertThat(rows(database)).singleElement().satisfies(row -> {
                assertThat(row).containsEntry("team_id", "team_a")
                        .containsEntry("expires_at", TIME.plus(Duration.ofDays(7)).toEpochMilli());
                assertThat((String) row.get("request_text")).contains("I am [EMAIL], card [CARD]").doesNotContain("bob@").doesNotContain("4111");
                assertThat((String) row.get("response_text")).contains("Noted, call [PHONE]");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aStreamedAnswerIsStoredAsTheTextOfItsDeltasSoSplitValuesAreStillRedacted(TestDatabase kind) {
        try (Database database = kind.open()) {
            try (RequestLog log = new RequestLog(new Jdbc(database), new Redactor(), BATCHING)) {
                log.record("req-2", TIME, OPTED_IN, "claude-test", () -> REQUEST, sent(log, OPTED_IN,
                        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Write to alice@exa\"}}\n\n",
                        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"mple.com soon\"}}\n\n",
                        "data: {\"choices\":[{\"delta\":{\"content\":\"!\"}}]}\n\ndata: [DONE]\n\n"), true);
            }

            assertThat(rows(database)).singleElement().extracting(row -> row.get("response_text")).isEqualTo("Write to [EMAIL] soon!");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTeamThatDidNotOptInHasNothingStoredAndNothingCopied(TestDatabase kind) {
        try (Database database = kind.open()) {
            try (RequestLog log = new RequestLog(new Jdbc(database), new Redactor(), BATCHING)) {
                Transcript transcript = log.transcript(NOT_OPTED_IN);
                log.record("req-3", TIME, NOT_OPTED_IN, "gpt-test", () -> REQUEST, transcript, false);
                log.record("req-4", TIME, Caller.UNGOVERNED, "gpt-test", () -> REQUEST, log.transcript(Caller.UNGOVERNED), false);

                assertThat(transcript.enabled()).isFalse();
            }

            assertThat(rows(database)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void withoutARetentionSetStoredRequestsAreKeptThirtyDays(TestDatabase kind) {
        try (Database database = kind.open()) {
            Caller defaultRetention = new Caller("key_c", "org_1", "team_c", ModelRules.ANY, ModelRules.ANY, true, null);
            try (RequestLog log = new RequestLog(new Jdbc(database), new Redactor(), BATCHING)) {
                log.record("req-5", TIME, defaultRetention, "gpt-test", () -> REQUEST, Transcript.OFF, false);
            }

            assertThat(rows(database)).singleElement().satisfies(row -> {
                assertThat(row).containsEntry("expires_at", TIME.plus(Duration.ofDays(30)).toEpochMilli());
                assertThat(row.get("response_text")).isNull();
            });
        }
    }
}
