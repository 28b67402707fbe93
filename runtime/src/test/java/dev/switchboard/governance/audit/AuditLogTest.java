package dev.switchboard.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.testing.TestDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuditLogTest {

    private static void appendFive(AuditLog audit) {
        for (int i = 1; i <= 5; i++) {
            audit.append(new AuditEntry("org_1", "user:u" + i, "key.create", "key_" + i, Map.of("name", "k" + i)));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anUntouchedChainVerifies(TestDatabase kind) {
        try (Database database = kind.open(); AuditLog audit = new AuditLog(new Jdbc(database), Clock.systemUTC())) {
            appendFive(audit);

            assertThat(audit.verify()).isEqualTo(new Verification(5, null, null));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void eachEntryLinksToTheHashOfTheOneBefore(TestDatabase kind) {
        try (Database database = kind.open(); AuditLog audit = new AuditLog(new Jdbc(database), Clock.systemUTC())) {
            appendFive(audit);

            List<AuditRecord> records = audit.find(new AuditQuery(null, null, null, null, null, null, 10));
            assertThat(records.getFirst().prevHash()).isEqualTo(AuditRecord.GENESIS);
            for (int i = 1; i < records.size(); i++) {
                assertThat(records.get(i).prevHash()).isEqualTo(records.get(i - 1).hash());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aModifiedEntryIsReportedBySequenceNumber(TestDatabase kind) {
        try (Database database = kind.open(); AuditLog audit = new AuditLog(new Jdbc(database), Clock.systemUTC())) {
            appendFive(audit);

            new Jdbc(database).update("UPDATE audit_log SET detail = ? WHERE seq = 3", "{\"name\":\"innocent\"}");

            Verification result = audit.verify();
            assertThat(result.firstBad()).isEqualTo(3L);
            assertThat(result.records()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aModifiedEntryWithARecomputedHashBreaksTheNextLink(TestDatabase kind) {
        try (Database database = kind.open(); AuditLog audit = new AuditLog(new Jdbc(database), Clock.systemUTC())) {
            appendFive(audit);
            AuditRecord third = audit.find(new AuditQuery(null, null, null, null, null, 2L, 1)).getFirst();
            AuditRecord forged = new AuditRecord(3, third.time(), third.orgId(), "user:someone-else", third.action(), third.target(),
                    third.detail(), third.prevHash(), null).sealed();

            new Jdbc(database).update("UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 3", forged.actor(), forged.hash());

            assertThat(audit.verify().firstBad()).isEqualTo(4L);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aDeletedMiddleEntryIsCaught(TestDatabase kind) {
        try (Database database = kind.open(); AuditLog audit = new AuditLog(new Jdbc(database), Clock.systemUTC())) {
            appendFive(audit);

            new Jdbc(database).update("DELETE FROM audit_log WHERE seq = 2");

            Verification result = audit.verify();
            assertThat(result.firstBad()).isEqualTo(3L);
            assertThat(result.problem()).contains("missing");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void twoLogsOnOneDatabaseNeverForkTheChain(TestDatabase kind) throws Exception {
        // Two AuditLog instances stand for two gateway processes: their in-process locks do not see each other.
        try (Database database = kind.open();
             AuditLog first = new AuditLog(new Jdbc(database), Clock.systemUTC());
             AuditLog second = new AuditLog(new Jdbc(database), Clock.systemUTC());
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> appends = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                AuditLog log = i % 2 == 0 ? first : second;
                appends.add(pool.submit(() -> log.append(new AuditEntry(null, "user:u", "team.update", "team_1", Map.of()))));
            }
            for (Future<?> append : appends) {
                append.get();
            }

            assertThat(first.verify()).isEqualTo(new Verification(40, null, null));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void queuedSignInFailuresAreWrittenByCloseWithTheKeyPrefixOnly(TestDatabase kind) {
        try (Database database = kind.open()) {
            AuditLog audit = new AuditLog(new Jdbc(database), Clock.systemUTC());
            audit.authFailure("/v1/chat/completions", "sk-sb-AbCdEf", "unknown key");
            audit.close();

            List<AuditRecord> records = new AuditLog(new Jdbc(database), Clock.systemUTC())
                    .find(new AuditQuery(null, null, null, AuditEntry.AUTH_FAILURE, null, null, 10));
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.target()).isEqualTo("/v1/chat/completions");
                assertThat(r.actor()).isEqualTo(AuditEntry.ANONYMOUS);
                assertThat(r.detail()).isEqualTo("{\"key_prefix\":\"sk-sb-AbCdEf\",\"reason\":\"unknown key\"}");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void pagesFollowTheCursorAndFiltersApply(TestDatabase kind) {
        try (Database database = kind.open(); AuditLog audit = new AuditLog(new Jdbc(database), Clock.systemUTC())) {
            appendFive(audit);
            audit.append(new AuditEntry("org_2", "user:x", "team.create", "team_9", Map.of()));

            List<AuditRecord> firstPage = audit.find(new AuditQuery("org_1", null, null, "key.create", null, null, 3));
            List<AuditRecord> secondPage = audit.find(new AuditQuery("org_1", null, null, "key.create", null, firstPage.getLast().seq(), 3));

            assertThat(firstPage).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L);
            assertThat(secondPage).extracting(AuditRecord::seq).containsExactly(4L, 5L);
        }
    }
}
