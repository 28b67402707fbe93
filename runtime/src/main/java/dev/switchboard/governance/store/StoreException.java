package dev.switchboard.governance.store;

import java.sql.SQLException;

/** The governance database failed a statement; the request that needed it fails with a 500. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /** True when a row with the same unique key exists (PostgreSQL's SQLState 23505, SQLite's UNIQUE constraint). */
    public boolean isUniqueViolation() {
        SQLException cause = (SQLException) getCause();
        return "23505".equals(cause.getSQLState())
                || (cause.getMessage() != null && cause.getMessage().contains("UNIQUE constraint failed"));
    }
}
