package dev.switchboard.governance.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.governance.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained audit log: every admin change and every failed sign-in.
 *
 * <p>Appends are serialised by the database, so the chain never forks, whichever gateway process
 * appends: each reads the head of the chain and inserts the next entry in one transaction that
 * holds the log against other appenders from before the read — on SQLite the write lock every
 * transaction takes as it begins (see {@link Jdbc}), on PostgreSQL a table lock that lets readers
 * through. An append made inside a caller's transaction is part of it: an admin change and its
 * entry commit together or not at all. The lock is taken last in such a transaction, after the
 * change's own writes, and held only to its commit, so appenders cannot deadlock with each other.
 *
 * <p>Sign-in failures on the gateway API ({@link #authFailure}) come from the request hot path,
 * which must not wait for the database: they go to a bounded queue that one virtual thread
 * drains. When a flood of bad keys fills the queue, further failures are dropped and counted
 * ({@link #droppedAuthFailures()}, logged) rather than slowing every request; the queue holds
 * {@value #QUEUE_CAPACITY} entries, minutes of a normal failure rate. {@link #close} writes what is
 * queued before returning.
 *
 * <p>The chain detects a changed, removed or reordered entry anywhere but at the end: deleting the
 * newest entries leaves a shorter, valid chain. Keep an external copy of the head hash (e.g. from
 * {@code GET /admin/v1/audit/verify}) to detect truncation.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    static final int QUEUE_CAPACITY = 4096;
    private static final int VERIFY_PAGE = 1000;
    private static final AuditEntry CLOSE = new AuditEntry(null, "-", "-", null, null);

    private final Jdbc jdbc;
    private final Clock clock;
    private final BlockingQueue<AuditEntry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;

    public AuditLog(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.writer = Thread.ofVirtual().name("audit-writer").start(this::drain);
    }

    /**
     * Appends an entry and returns it as stored: in the caller's transaction when this thread has
     * one open on the log's {@link Jdbc} (committed with it), else in a transaction of its own
     * (committed on return).
     *
     * @throws StoreException when the database fails the append
     */
    public AuditRecord append(AuditEntry entry) {
        String detail = entry.detail().isEmpty() ? null : json(entry.detail());
        return jdbc.inTransaction(c -> insertAfterHead(c, entry, detail));
    }

    private AuditRecord insertAfterHead(Connection c, AuditEntry entry, String detail) throws SQLException {
        if (jdbc.database().vendor() == Database.Vendor.POSTGRESQL) {
            // Conflicts with itself and with writes, not with reads: appenders queue, auditors read on.
            Jdbc.update(c, "LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE");
        }
        List<AuditRecord> head = Jdbc.query(c, "SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1", AuditLog::record);
        long seq = head.isEmpty() ? 1 : head.getFirst().seq() + 1;
        String prev = head.isEmpty() ? AuditRecord.GENESIS : head.getFirst().hash();
        AuditRecord record = new AuditRecord(seq, Instant.ofEpochMilli(clock.millis()), entry.orgId(), entry.actor(),
                entry.action(), entry.target(), detail, prev, null).sealed();
        Jdbc.update(c, "INSERT INTO audit_log (seq, time, org_id, actor, action, target, detail, prev_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", record.seq(), record.time().toEpochMilli(), record.orgId(),
                record.actor(), record.action(), record.target(), record.detail(), record.prevHash(), record.hash());
        return record;
    }

    /**
     * Records a failed sign-in without waiting for the database: for the gateway API's key check.
     * Never throws; when the queue is full the entry is dropped and counted.
     *
     * @param path      the request path
     * @param keyPrefix the presented key's display prefix, never the key; null when none was presented or it is not a virtual key
     * @param reason    why it failed, e.g. {@code unknown key}, {@code revoked key}
     */
    public void authFailure(String path, String keyPrefix, String reason) {
        if (!queue.offer(authFailureEntry(null, path, keyPrefix, reason))) {
            long total = dropped.incrementAndGet();
            // Once per thousand, so the warning cannot itself become the flood.
            if (total % 1000 == 1) {
                LOG.warn("Audit queue full: {} sign-in failures not recorded so far", total);
            }
        }
    }

    /** The entry recorded for a failed sign-in; {@code orgId} when the presented key's organisation is known. */
    public static AuditEntry authFailureEntry(String orgId, String path, String keyPrefix, String reason) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("reason", reason);
        if (keyPrefix != null) {
            detail.put("key_prefix", keyPrefix);
        }
        return new AuditEntry(orgId, AuditEntry.ANONYMOUS, AuditEntry.AUTH_FAILURE, path, detail);
    }

    /** Sign-in failures not recorded because the queue was full, since start. */
    public long droppedAuthFailures() {
        return dropped.get();
    }

    private void drain() {
        while (true) {
            AuditEntry entry;
            try {
                entry = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (entry == CLOSE) {
                return;
            }
            try {
                append(entry);
            } catch (RuntimeException e) {
                LOG.error("Could not record a sign-in failure in the audit log", e);
            }
        }
    }

    /** A page of entries matching {@code query}, oldest first. */
    public List<AuditRecord> find(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        filter(sql, params, "org_id = ?", query.orgId());
        filter(sql, params, "time >= ?", query.from() == null ? null : query.from().toEpochMilli());
        filter(sql, params, "time < ?", query.to() == null ? null : query.to().toEpochMilli());
        filter(sql, params, "action = ?", query.action());
        filter(sql, params, "actor = ?", query.actor());
        filter(sql, params, "seq > ?", query.afterSeq());
        sql.append(" ORDER BY seq LIMIT ").append(query.limit());
        return jdbc.query(sql.toString(), AuditLog::record, params.toArray());
    }

    private static void filter(StringBuilder sql, List<Object> params, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.add(value);
        }
    }

    /** Walks the whole chain from the first entry and reports the first entry whose sequence, link or hash is wrong. */
    public Verification verify() {
        long expectedSeq = 1;
        String expectedPrev = AuditRecord.GENESIS;
        long checked = 0;
        while (true) {
            List<AuditRecord> page = jdbc.query("SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT " + VERIFY_PAGE,
                    AuditLog::record, expectedSeq);
            for (AuditRecord record : page) {
                String problem = record.seq() != expectedSeq ? "entries " + expectedSeq + " to " + (record.seq() - 1) + " are missing"
                        : !record.prevHash().equals(expectedPrev) ? "its prev_hash does not match the hash of the entry before it"
                        : !record.hash().equals(record.expectedHash()) ? "its hash does not match its contents"
                        : null;
                if (problem != null) {
                    return new Verification(checked, record.seq(), problem);
                }
                checked++;
                expectedSeq = record.seq() + 1;
                expectedPrev = record.hash();
            }
            if (page.size() < VERIFY_PAGE) {
                return new Verification(checked, null, null);
            }
        }
    }

    /** Writes the queued sign-in failures, then stops the writer. Call before closing the database. */
    @Override
    public void close() {
        try {
            queue.put(CLOSE);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AuditRecord record(ResultSet row) throws SQLException {
        return new AuditRecord(row.getLong("seq"), Instant.ofEpochMilli(row.getLong("time")), row.getString("org_id"),
                row.getString("actor"), row.getString("action"), row.getString("target"), row.getString("detail"),
                row.getString("prev_hash"), row.getString("hash"));
    }

    private static String json(Map<String, ?> detail) {
        try {
            return JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail must be plain JSON values", e);
        }
    }
}
