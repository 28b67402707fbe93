package dev.switchboard.governance;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The governance parts of one gateway, built over one database: identities and keys, budgets,
 * rate limits, the usage ledger, the audit log, stored requests and team credentials. The
 * gateway's composition root builds it once at start and closes it last, after in-flight
 * requests have finished, so that nothing they recorded is lost.
 */
public final class Governance implements AutoCloseable {
    private final Database database;
    private final Jdbc jdbc;
    private final IdentityStore identities;

    private Governance(Database database, Clock clock) {
        this.database = database;
        this.jdbc = new Jdbc(database);
        this.identities = new IdentityStore(jdbc, clock);
    }

    /** Opens (and migrates) the configured database, or the embedded SQLite file in {@code dataDir}. */
    public static Governance open(GatewayConfig.Governance config, Path dataDir, Clock clock) {
        return new Governance(Database.open(config.database(), dataDir), clock);
    }

    public Database database() {
        return database;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public IdentityStore identities() {
        return identities;
    }

    @Override
    public void close() {
        database.close();
    }
}
