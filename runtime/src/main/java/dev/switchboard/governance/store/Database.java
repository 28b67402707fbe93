package dev.switchboard.governance.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.GatewayConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The governance database: a connection pool over the embedded SQLite file (the default, zero
 * set-up) or PostgreSQL (production), brought to the newest schema by Flyway on open.
 *
 * <p>One schema serves both: migrations under {@code db/migration} use only SQL the two share
 * (TEXT, BIGINT, INTEGER, {@code ON CONFLICT DO NOTHING}); money is stored as whole
 * nano-dollars so sums are exact on both. SQLite runs in WAL mode with a busy timeout so readers
 * never block the single writer and concurrent writers queue instead of failing; for that to hold
 * for transactions that read before they write, {@link Jdbc} begins them IMMEDIATE. Within the
 * process, writers queue in {@link #inWriteTurn} before they reach SQLite.
 */
public final class Database implements AutoCloseable {
    /** The databases the schema is written and tested for. */
    public enum Vendor {
        SQLITE, POSTGRESQL
    }

    /** The embedded database's file name inside the data directory. */
    public static final String SQLITE_FILE = "switchboard.db";

    private final HikariDataSource pool;
    private final Vendor vendor;
    // SQLite takes one writer at a time. This process's writers wait for their turn here, in arrival
    // order and before they take a pooled connection, rather than each hold a connection while
    // SQLite's busy handler polls for the lock: that would leave none for readers, and a writer
    // could lose every poll. The busy timeout still covers writers in other processes.
    private final ReentrantLock writeTurn = new ReentrantLock(true);

    private Database(HikariDataSource pool, Vendor vendor) {
        this.pool = pool;
        this.vendor = vendor;
    }

    /**
     * Opens the configured database, or the SQLite file in {@code dataDir}, and migrates it.
     *
     * @throws ConfigException when the URL names an unsupported database, or it cannot be reached or migrated
     */
    public static Database open(GatewayConfig.Database config, Path dataDir) {
        String url = config.url() != null ? config.url() : "jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath();
        Vendor vendor = vendorOf(url);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setPoolName("switchboard-db");
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password().reveal());
        }
        if (vendor == Vendor.SQLITE) {
            // WAL lets readers run beside the one writer; busy_timeout makes a second writer wait, not fail
            // (a transaction only when it begins IMMEDIATE: see Jdbc).
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("busy_timeout", "10000");
            hikari.addDataSourceProperty("foreign_keys", "true");
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            migrate(pool);
            return new Database(pool, vendor);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static Vendor vendorOf(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return Vendor.SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Vendor.POSTGRESQL;
        }
        throw new ConfigException("governance.database.url: only jdbc:sqlite: and jdbc:postgresql: URLs are supported, got '"
                + url.replaceAll("//[^@/]*@", "//****@") + "'");
    }

    private static void migrate(DataSource dataSource) {
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (FlywayException e) {
            throw new ConfigException("governance.database: cannot migrate the schema: " + e.getMessage());
        }
    }

    public Vendor vendor() {
        return vendor;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** A pooled connection; the caller closes it. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Runs {@code write} in this process's turn to write: on SQLite one writer at a time, first
     * come first served; on PostgreSQL, whose writers wait only for the rows they touch, at once.
     */
    <T> T inWriteTurn(Supplier<T> write) {
        if (vendor == Vendor.POSTGRESQL) {
            return write.get();
        }
        writeTurn.lock();
        try {
            return write.get();
        } finally {
            writeTurn.unlock();
        }
    }

    /** Takes a connection whose state is unknown (its rollback failed) out of the pool for good. */
    void discard(Connection connection) {
        pool.evictConnection(connection);
    }

    @Override
    public void close() {
        pool.close();
    }
}
