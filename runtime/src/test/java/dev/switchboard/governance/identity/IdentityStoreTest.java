package dev.switchboard.governance.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IdentityStoreTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aKeyIsFoundByTheHashOfItsSecretAndNeverStoredInTheClear(TestDatabase kind) throws Exception {
        try (Database database = kind.open()) {
            IdentityStore store = new IdentityStore(new Jdbc(database), Clock.systemUTC());
            Org org = store.createOrg("acme");
            Team team = store.createTeam(org.id(), "payments", new ModelRules(List.of("gpt-*"), null), Map.of("cost_center", "42"), false, null);
            IdentityStore.CreatedKey created = store.createKey(org.id(), team.id(), null, "ci", ModelRules.ANY, Map.of(), null);

            assertThat(created.secret()).startsWith(KeySecrets.KEY_PREFIX);
            assertThat(store.keyByHash(KeySecrets.hash(created.secret()))).contains(created.key());
            assertThat(store.team(team.id())).contains(team);
            try (var connection = database.connection(); var rows = connection.createStatement().executeQuery("SELECT * FROM api_keys")) {
                rows.next();
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    assertThat(String.valueOf(rows.getObject(column))).doesNotContain(created.secret());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRevokedKeyIsNoLongerLive(TestDatabase kind) {
        try (Database database = kind.open()) {
            IdentityStore store = new IdentityStore(new Jdbc(database), Clock.systemUTC());
            Org org = store.createOrg("acme");
            Team team = store.createTeam(org.id(), "search", ModelRules.ANY, Map.of(), false, null);
            IdentityStore.CreatedKey created = store.createKey(org.id(), team.id(), null, null, ModelRules.ANY, Map.of(), null);

            assertThat(store.revokeKey(created.key().id())).isTrue();
            assertThat(store.revokeKey(created.key().id())).isFalse();
            assertThat(store.key(created.key().id()).orElseThrow().liveAt(Instant.now())).isFalse();
        }
    }
}
