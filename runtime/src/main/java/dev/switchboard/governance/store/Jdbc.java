package dev.switchboard.governance.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few JDBC moves every store makes — run a statement with parameters, map rows, run a unit of
 * work in one transaction — so stores hold only their SQL. A {@link SQLException} becomes a
 * {@link StoreException}: stores have nothing to add to it, and callers cannot act on it beyond
 * failing the request.
 *
 * <p>Transactions join. Inside {@link #inTransaction}, every call on this {@code Jdbc} from the
 * same thread — a store's {@link #update}, {@link #query} or its own {@code inTransaction} — runs
 * on the transaction's connection, as part of it. That is how an admin change and its audit entry,
 * written by different stores, commit together or not at all. A failure anywhere inside fails the
 * whole transaction.
 *
 * <p>Every write runs in a transaction, and on SQLite every transaction is a write: it waits for
 * the process's turn to write ({@link Database#inWriteTurn}), then begins {@code IMMEDIATE}, taking
 * the database's single write lock before its first statement (waiting up to the busy timeout for
 * a writer in another process). A transaction begun the default (deferred) way that reads and then
 * writes fails with {@code SQLITE_BUSY_SNAPSHOT} when another connection committed in between — a
 * conflict no busy timeout waits out, and the cause of admin writes failing while the ledger wrote.
 * Immediate transactions queue instead; in WAL mode readers never wait for them. The statements are
 * issued by hand because the driver's own {@code transaction_mode=IMMEDIATE} begins the next
 * transaction the moment one commits, so a commit could report a failure to take the lock for a
 * transaction that never ran.
 */
public final class Jdbc {
    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Work done with one connection, inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Database database;
    // The connection of the transaction this thread has open through this Jdbc, if any.
    private final ThreadLocal<Connection> transaction = new ThreadLocal<>();

    public Jdbc(Database database) {
        this.database = database;
    }

    public Database database() {
        return database;
    }

    /**
     * Runs {@code work} in a transaction: committed when it returns, rolled back when it throws.
     * Called inside another transaction of this {@code Jdbc} on the same thread, it runs as part of
     * that one, which commits or rolls back for both.
     */
    public <T> T inTransaction(Work<T> work) {
        if (transaction.get() != null) {
            return withConnection(work);
        }
        return database.inWriteTurn(() -> newTransaction(work));
    }

    private <T> T newTransaction(Work<T> work) {
        try (Connection connection = database.connection()) {
            begin(connection);
            transaction.set(connection);
            try {
                T result = work.run(connection);
                commit(connection);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                transaction.remove();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs one statement in this thread's transaction, or else in a transaction of its own; returns the rows changed. */
    public int update(String sql, Object... params) {
        return inTransaction(c -> update(c, sql, params));
    }

    public <T> List<T> query(String sql, Row<T> row, Object... params) {
        return withConnection(c -> query(c, sql, row, params));
    }

    public <T> Optional<T> queryOne(String sql, Row<T> row, Object... params) {
        List<T> rows = query(sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** Runs {@code work} on this thread's transaction's connection, or else on a pooled one in auto-commit mode (for reads). */
    private <T> T withConnection(Work<T> work) {
        Connection open = transaction.get();
        try {
            if (open != null) {
                return work.run(open);
            }
            try (Connection connection = database.connection()) {
                return work.run(connection);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private void begin(Connection connection) throws SQLException {
        if (database.vendor() == Database.Vendor.SQLITE) {
            execute(connection, "BEGIN IMMEDIATE");
        } else {
            connection.setAutoCommit(false);
        }
    }

    private void commit(Connection connection) throws SQLException {
        if (database.vendor() == Database.Vendor.SQLITE) {
            execute(connection, "COMMIT");
        } else {
            connection.commit();
            connection.setAutoCommit(true);
        }
    }

    /**
     * Rolls back after {@code failure}. A connection whose rollback failed may still hold an open
     * transaction (on SQLite, the write lock): it is discarded, never handed out again.
     */
    private void rollback(Connection connection, Exception failure) {
        try {
            if (database.vendor() == Database.Vendor.SQLITE) {
                execute(connection, "ROLLBACK");
            } else {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
            database.discard(connection);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        }
    }

    public static <T> List<T> query(Connection connection, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(row.map(rows));
                }
                return result;
            }
        }
    }

    /** Binds parameters by position; a Java null binds SQL NULL, booleans bind as 0 or 1 (the schema's portable booleans). */
    public static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object value = params[i];
            switch (value) {
                case null -> statement.setNull(i + 1, Types.NULL);
                case Boolean b -> statement.setInt(i + 1, b ? 1 : 0);
                case Integer n -> statement.setInt(i + 1, n);
                case Long n -> statement.setLong(i + 1, n);
                case String s -> statement.setString(i + 1, s);
                default -> throw new IllegalArgumentException("unsupported parameter type " + value.getClass().getName());
            }
        }
    }

    /** A nullable BIGINT column. */
    public static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    /** A nullable INTEGER column. */
    public static Integer nullableInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }
}
