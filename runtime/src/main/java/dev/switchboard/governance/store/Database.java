package dev.switchboard.governance.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.GatewayConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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
 * never block the single writer and concurrent writers queue instead of failing.
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
            // WAL lets readers run beside the one writer; busy_timeout makes a second writer wait, not fail.
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

    @Override
    public void close() {
        pool.close();
    }
}
