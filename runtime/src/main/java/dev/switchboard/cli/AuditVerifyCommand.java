package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.audit.AuditLog;
import dev.switchboard.governance.audit.Verification;
import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard audit verify}: walks the audit log's hash chain in the configured database
 * and reports the first entry that was changed or removed. Exit code 0 when the chain holds, 1
 * when it does not, 2 for a configuration error.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check that the audit log's hash chain is intact.",
                "Exit code 0: valid; 1: an entry was changed or removed (its sequence number is printed); 2: configuration error."})
final class AuditVerifyCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file naming the database (governance.database).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:SWITCHBOARD_DATA_DIR}",
            description = "Directory of the embedded SQLite database (default: $SWITCHBOARD_DATA_DIR, else server.data_dir from the config, else ./data).")
    Path dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Verification result;
        try {
            GatewayConfig loaded = config == null ? GatewayConfig.EMPTY : new ConfigLoader(System::getenv).load(config).config();
            Path dir = dataDir != null ? dataDir : Path.of(loaded.server().dataDir());
            // Opening a missing SQLite file would create an empty, trivially valid log: a wrong path must not pass.
            if (loaded.governance().database().url() == null && !Files.exists(dir.resolve(Database.SQLITE_FILE))) {
                throw new ConfigException(dir.resolve(Database.SQLITE_FILE) + ": no database here; pass --data-dir or --config");
            }
            try (Database database = Database.open(loaded.governance().database(), dir);
                 AuditLog audit = new AuditLog(new Jdbc(database), Clock.systemUTC())) {
                result = audit.verify();
            }
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("switchboard: configuration error: " + e.getMessage());
            return 2;
        }
        if (result.valid()) {
            spec.commandLine().getOut().println("audit log valid: " + result.records() + " entries");
            return 0;
        }
        spec.commandLine().getOut().println("audit log TAMPERED at seq " + result.firstBad() + ": " + result.problem()
                + " (" + result.records() + " entries before it are intact)");
        return 1;
    }
}
