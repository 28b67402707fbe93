package dev.switchboard.governance.ledger;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.usage.UsageRecord;
import dev.switchboard.usage.UsageRecorder;
import java.time.Duration;

/**
 * The durable usage ledger: every {@link UsageRecord} becomes one {@code usage_ledger} row,
 * written off the request path in batches by a {@link BatchWriter} (see there for the queueing,
 * back-pressure, retry and crash-bound contract).
 *
 * <p>{@link #record} is called on the request thread after the last byte was sent; it only queues.
 * {@link #close} writes everything queued before it returns, so the gateway closes the ledger
 * after its HTTP server has stopped (no more records can arrive) and before the database.
 */
public final class LedgerWriter implements UsageRecorder, AutoCloseable {
    // A database that refuses a write usually needs a moment (a failover, a lock): start small.
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final BatchWriter<UsageRecord> batches;

    public LedgerWriter(Jdbc jdbc, GatewayConfig.Ledger config) {
        this(jdbc, config, FIRST_BACKOFF);
    }

    LedgerWriter(Jdbc jdbc, GatewayConfig.Ledger config, Duration firstBackoff) {
        check(config.batchSize() > 0, "batch_size");
        check(config.queueCapacity() > 0, "queue_capacity");
        check(!config.flushInterval().isNegative(), "flush_interval");
        this.batches = new BatchWriter<>("usage-ledger", batch -> jdbc.inTransaction(c -> {
            LedgerTable.insert(c, batch);
            return null;
        }), config.batchSize(), config.flushInterval(), config.queueCapacity(), firstBackoff);
    }

    private static void check(boolean valid, String field) {
        if (!valid) {
            throw new ConfigException("governance.ledger." + field + " must be positive");
        }
    }

    @Override
    public void record(UsageRecord record) {
        batches.submit(record);
    }

    /** Records waiting to be written; steady near zero when the database keeps up. */
    public int backlog() {
        return batches.backlog();
    }

    /** Rows written since start. */
    public long written() {
        return batches.written();
    }

    /**
     * Writes every record queued so far without waiting for the flush interval, so that a usage
     * report includes the requests that ended before it was asked for.
     *
     * @return false when they could not all be written within {@code timeout}
     */
    public boolean flush(Duration timeout) {
        return batches.flush(timeout);
    }

    @Override
    public void close() {
        batches.close();
    }
}
