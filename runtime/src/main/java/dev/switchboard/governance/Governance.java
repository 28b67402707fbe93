package dev.switchboard.governance;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.audit.AuditLog;
import dev.switchboard.governance.budget.BudgetStore;
import dev.switchboard.governance.byok.CredentialStore;
import dev.switchboard.governance.byok.CredentialVault;
import dev.switchboard.governance.byok.MasterKey;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.ratelimit.RateLimitStore;
import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.crypto.SecretKey;

/**
 * The governance parts of one gateway, built over one database: identities and keys, budgets,
 * rate limits, the usage ledger, the audit log, stored requests and team credentials. The
 * gateway's composition root builds it once at start and closes it last, after in-flight
 * requests have finished, so that nothing they recorded is lost.
 */
public final class Governance implements AutoCloseable {
    /** The environment variable holding the bootstrap admin key; when set, the gateway API requires keys too. */
    public static final String ADMIN_KEY_ENV = "SWITCHBOARD_ADMIN_KEY";

    private final Database database;
    private final Jdbc jdbc;
    private final IdentityStore identities;
    private final BudgetStore budgets;
    private final RateLimitStore rateLimits;
    private final CredentialStore credentials;
    private final AuditLog audit;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    private Governance(Database database, Optional<SecretKey> masterKey, Clock clock) {
        this.database = database;
        this.jdbc = new Jdbc(database);
        this.identities = new IdentityStore(jdbc, clock);
        this.budgets = new BudgetStore(jdbc, clock);
        this.rateLimits = new RateLimitStore(jdbc);
        this.credentials = new CredentialStore(jdbc, masterKey.map(CredentialVault::new), clock);
        this.audit = new AuditLog(jdbc, clock);
    }

    /**
     * Opens (and migrates) the configured database, or the embedded SQLite file in {@code dataDir}.
     *
     * @param env where the BYOK master key is read from ({@link MasterKey})
     */
    public static Governance open(GatewayConfig.Governance config, Path dataDir, Function<String, String> env, Clock clock) {
        Optional<SecretKey> masterKey = MasterKey.from(env);
        return new Governance(Database.open(config.database(), dataDir), masterKey, clock);
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

    public BudgetStore budgets() {
        return budgets;
    }

    public RateLimitStore rateLimits() {
        return rateLimits;
    }

    public CredentialStore credentials() {
        return credentials;
    }

    /** The hash-chained audit log; {@link AuditLog#authFailure} is the gateway API's hook for failed sign-ins. */
    public AuditLog audit() {
        return audit;
    }

    /**
     * Registers a cache of governance state (keys, budgets, limits) to be cleared whenever an
     * admin changes that state, so a revoked key or a lowered limit takes effect on the next request.
     */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Called by the admin API after every change it commits. */
    public void changed() {
        changeListeners.forEach(Runnable::run);
    }

    @Override
    public void close() {
        audit.close();
        database.close();
    }
}
