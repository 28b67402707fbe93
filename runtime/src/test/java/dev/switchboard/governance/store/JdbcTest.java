package dev.switchboard.governance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.TestDatabase;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcTest {
    private static final String INSERT = "INSERT INTO orgs (id, name, created_at) VALUES (?, ?, 0)";

    private static List<String> orgs(Jdbc jdbc) {
        return jdbc.query("SELECT name FROM orgs ORDER BY name", row -> row.getString(1));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aStatementRunInsideATransactionJoinsItAndRollsBackWithIt(TestDatabase kind) {
        try (Database database = kind.open()) {
            Jdbc jdbc = new Jdbc(database);

            assertThatThrownBy(() -> jdbc.inTransaction(c -> {
                jdbc.update(INSERT, "org_1", "joined");
                jdbc.inTransaction(inner -> Jdbc.update(inner, INSERT, "org_2", "nested"));
                assertThat(orgs(jdbc)).as("the transaction sees its own writes").containsExactly("joined", "nested");
                throw new IllegalStateException("the change's audit entry failed");
            })).hasMessageContaining("audit entry failed");

            assertThat(orgs(jdbc)).isEmpty();
            jdbc.update(INSERT, "org_3", "after");
            assertThat(orgs(jdbc)).as("the connection went back to the pool in a usable state").containsExactly("after");
        }
    }

    /**
     * The root of the admin API's 500s on SQLite: a transaction that reads, then writes after
     * another connection committed, failed with SQLITE_BUSY_SNAPSHOT, which no busy timeout waits
     * out. Transactions now take the write lock as they begin, so the other writer waits instead —
     * even one in another process, which the process's own write turn cannot queue.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTransactionThatReadsThenWritesSurvivesAnotherProcessCommittingInBetween(TestDatabase kind) throws Exception {
        String url = kind.newUrl();
        try (Database database = kind.open(url); Database otherProcess = kind.open(url)) {
            Jdbc jdbc = new Jdbc(database);
            jdbc.update(INSERT, "org_1", "first");
            CompletableFuture<Integer> otherWriter = new CompletableFuture<>();

            jdbc.inTransaction(c -> {
                Jdbc.query(c, "SELECT COUNT(*) FROM orgs", row -> row.getInt(1));
                Thread.ofVirtual().start(() -> otherWriter.complete(new Jdbc(otherProcess).update(INSERT, "org_2", "other")));
                try {
                    // Where the other writer can commit at once, give it the time to; where it must queue, this just waits.
                    otherWriter.get(500, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    // Still waiting for the lock, as it should on SQLite.
                }
                return Jdbc.update(c, INSERT, "org_3", "reader");
            });

            assertThat(otherWriter.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(orgs(jdbc)).containsExactly("first", "other", "reader");
        }
    }
}
