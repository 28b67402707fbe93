package dev.switchboard.testing;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The databases every governance test runs on. A test takes one as a parameter
 * ({@code @EnumSource(TestDatabase.class)}) and gets a fresh, migrated, empty database from it.
 */
public enum TestDatabase {
    SQLITE {
        @Override
        public String newUrl() {
            try {
                return "jdbc:sqlite:" + Files.createTempDirectory("switchboard-db").resolve("switchboard.db");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        String user() {
            return null;
        }
    },
    POSTGRESQL {
        @Override
        public String newUrl() {
            return PostgresServer.shared().newDatabase();
        }

        @Override
        String user() {
            return PostgresServer.shared().user();
        }
    };

    /** The JDBC URL of a new, empty database. */
    public abstract String newUrl();

    abstract String user();

    /** A new, empty database, migrated to the current schema. */
    public Database open() {
        return open(newUrl());
    }

    /** The database at {@code url} (from {@link #newUrl}), e.g. to look at what a stopped gateway left in it. */
    public Database open(String url) {
        return Database.open(new GatewayConfig.Database(url, user(), null, 16), Path.of("unused"));
    }

    /** The {@code governance:} YAML section that points a gateway at a new, empty database of this kind. */
    public String governanceYaml() {
        return governanceYaml(newUrl());
    }

    /** The {@code governance:} YAML section that points a gateway at the database at {@code url}. */
    public String governanceYaml(String url) {
        String user = user();
        return "governance:\n  database:\n    url: \"" + url + "\"\n" + (user == null ? "" : "    user: " + user + "\n");
    }

}
