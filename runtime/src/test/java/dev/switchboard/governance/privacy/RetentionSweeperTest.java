package dev.switchboard.governance.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetentionSweeperTest {
    private static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");

    private static void stored(Jdbc jdbc, String id, Instant expiresAt) {
        jdbc.update("INSERT INTO request_logs (request_id, time, team_id, request_text, expires_at) VALUES (?, ?, ?, ?, ?)",
                id, expiresAt.minus(Duration.ofDays(30)).toEpochMilli(), "team_a", "{}", expiresAt.toEpochMilli());
    }

    private static java.util.List<String> left(Jdbc jdbc) {
        return jdbc.query("SELECT request_id FROM request_logs ORDER BY request_id", row -> row.getString("request_id"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void storedRequestsPastTheirRetentionArePurgedAndYoungerOnesKept(TestDatabase kind) {
        try (Database database = kind.open()) {
            Jdbc jdbc = new Jdbc(database);
            stored(jdbc, "expired-yesterday", NOW.minus(Duration.ofDays(1)));
            stored(jdbc, "expires-now", NOW);
            stored(jdbc, "expires-tomorrow", NOW.plus(Duration.ofDays(1)));

            int deleted = new RetentionSweeper(jdbc, Clock.fixed(NOW, ZoneOffset.UTC)).sweep();

            assertThat(deleted).isEqualTo(2);
            assertThat(left(jdbc)).containsExactly("expires-tomorrow");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aLaterSweepPurgesWhatHasExpiredSince(TestDatabase kind) {
        try (Database database = kind.open()) {
            Jdbc jdbc = new Jdbc(database);
            stored(jdbc, "expires-tomorrow", NOW.plus(Duration.ofDays(1)));
            new RetentionSweeper(jdbc, Clock.fixed(NOW, ZoneOffset.UTC)).sweep();

            new RetentionSweeper(jdbc, Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC)).sweep();

            assertThat(left(jdbc)).isEmpty();
        }
    }
}
