package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.governance.audit.AuditEntry;
import dev.switchboard.governance.audit.AuditLog;
import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.testing.Cli;
import dev.switchboard.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuditVerifyCommandTest {
    private final Cli cli = new Cli();

    @TempDir
    Path dir;

    /** Writes a config naming a fresh database of {@code kind} and opens that database. */
    private Database configured(TestDatabase kind, Path config) throws Exception {
        Files.writeString(config, kind.governanceYaml());
        return Database.open(new ConfigLoader(name -> null).load(config).config().governance().database(), dir);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anIntactLogExitsZero(TestDatabase kind) throws Exception {
        Path config = dir.resolve("switchboard.yaml");
        try (Database database = configured(kind, config); AuditLog audit = new AuditLog(new Jdbc(database), Clock.systemUTC())) {
            audit.append(new AuditEntry("org_1", "bootstrap-admin", "org.create", "org_1", Map.of()));
            audit.append(new AuditEntry("org_1", "bootstrap-admin", "team.create", "team_1", Map.of()));
        }

        assertThat(cli.run("audit", "verify", "--config", config.toString())).isZero();
        assertThat(cli.out()).contains("valid: 2 entries");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTamperedLogExitsOneNamingTheEntry(TestDatabase kind) throws Exception {
        Path config = dir.resolve("switchboard.yaml");
        try (Database database = configured(kind, config); AuditLog audit = new AuditLog(new Jdbc(database), Clock.systemUTC())) {
            audit.append(new AuditEntry("org_1", "bootstrap-admin", "org.create", "org_1", Map.of()));
            audit.append(new AuditEntry("org_1", "bootstrap-admin", "team.create", "team_1", Map.of()));
            new Jdbc(database).update("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
        }

        assertThat(cli.run("audit", "verify", "--config", config.toString())).isEqualTo(1);
        assertThat(cli.out()).contains("TAMPERED at seq 2");
    }

    @Test
    void aDataDirectoryWithoutADatabaseIsAConfigurationError() {
        assertThat(cli.run("audit", "verify", "--data-dir", dir.resolve("nowhere").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("no database here");
    }
}
