package dev.switchboard.governance.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves records from request threads to the database in batches, on one writer thread: the usage
 * ledger and the opt-in request log both go through one of these.
 *
 * <p>Contract: {@link #submit} never does I/O. It puts the record on a bounded queue and returns;
 * when the queue is full it <em>waits</em> for room (backpressure slows requests down rather than
 * losing records). Every {@code flushInterval} the writer hands what has arrived to the
 * {@link Sink}, in batches of at most {@code batchSize} — one call each, which the sink makes one
 * transaction — and as soon as a full batch is waiting it does not wait for the interval. A failed batch is
 * retried with doubling back-off until it is written, so the sink must be idempotent (the tables
 * insert with {@code ON CONFLICT DO NOTHING} on the request id): a batch whose commit succeeded
 * but whose acknowledgement was lost is written twice and stored once. {@link #close} drains
 * everything submitted before it returns.
 *
 * <p>What a crash (not a graceful stop) loses is what sits in memory: the queue plus the batch in
 * flight. While the writer keeps up, that is the records younger than {@code flushInterval} plus
 * one batch; when the database stalls, at most {@code capacity + batchSize} records.
 *
 * <p>{@link #flush} lets a reader see what was submitted before it, without waiting for the
 * interval: a usage report asked for right after a request includes that request.
 *
 * <p>Implementation note: one thread owns all batching state; the only shared structure is the
 * {@link ArrayBlockingQueue}. The writer sleeps between drains instead of waiting on the queue, so
 * a submit wakes no thread (a wake-up per request, on a small machine, lands in the request's
 * latency); only the submit that completes a batch wakes the writer. Closing wakes it to drain and
 * stop, and never interrupts a JDBC call half-way. A flush takes a ticket and wakes the writer; the
 * writer reads the latest ticket before each drain, and when a drain finds the queue empty every
 * record submitted before that ticket has been taken and written, so it completes the ticket. A
 * submit pays nothing for this; the writer, one volatile read per drain.
 *
 * @param <T> the record type
 */
public final class BatchWriter<T> implements AutoCloseable {
    /** Writes one batch, all or nothing, idempotently. */
    @FunctionalInterface
    public interface Sink<T> {
        void write(List<T> batch) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    // Long enough that a database restart is not hammered, short enough that the backlog recovers quickly.
    // A zero flush interval means "as soon as possible": a writer that looks every millisecond, not one that spins.
    private static final long MIN_PAUSE_NANOS = 1_000_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    // When stopping, a database that stays down must not hold the process forever: after this many
    // more failures the batch is given up on, and its size is logged.
    private static final int ATTEMPTS_WHEN_CLOSING = 5;

    private final String name;
    private final Sink<T> sink;
    private final int batchSize;
    private final long flushNanos;
    private final Duration firstBackoff;
    private final BlockingQueue<T> queue;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong flushTickets = new AtomicLong();
    private final Object flushed = new Object();
    // Guarded by `flushed`: the last flush ticket whose records are all written.
    private long flushedTicket;
    private final Thread writer;
    private volatile boolean closing;

    /**
     * @param name          names the writer thread and its log lines, e.g. {@code usage-ledger}
     * @param batchSize     most records in one {@link Sink#write}
     * @param flushInterval longest the first record of a batch waits for the batch to fill
     * @param capacity      records held before {@link #submit} waits
     * @param firstBackoff  the pause after the first failed write; it doubles up to 10 s
     */
    public BatchWriter(String name, Sink<T> sink, int batchSize, Duration flushInterval, int capacity, Duration firstBackoff) {
        if (batchSize < 1 || capacity < 1 || flushInterval.isNegative()) {
            throw new IllegalArgumentException(name + ": batch size and capacity must be positive and the flush interval not negative");
        }
        this.name = name;
        this.sink = sink;
        this.batchSize = batchSize;
        this.flushNanos = flushInterval.toNanos();
        this.firstBackoff = firstBackoff;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("switchboard-" + name).daemon(true).start(this::run);
    }

    /**
     * Queues a record for writing; waits while the queue is full.
     *
     * @throws IllegalStateException after {@link #close}
     */
    public void submit(T record) {
        if (closing) {
            throw new IllegalStateException(name + " is closed");
        }
        try {
            queue.put(record);
            if (queue.size() >= batchSize) {
                LockSupport.unpark(writer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("{}: interrupted while waiting for room; 1 record not written", name);
        }
    }

    /** Records queued and not yet handed to the sink: a backlog that keeps growing means the database cannot keep up. */
    public int backlog() {
        return queue.size();
    }

    /** Records written since start. */
    public long written() {
        return written.get();
    }

    /**
     * Writes out every record submitted before this call without waiting for the flush interval,
     * and returns once they are written or {@code timeout} has passed (a database that refuses
     * writes must not hold the caller for ever).
     *
     * @return true when every record submitted before the call has been written
     */
    public boolean flush(Duration timeout) {
        long ticket = flushTickets.incrementAndGet();
        long deadline = System.nanoTime() + timeout.toNanos();
        LockSupport.unpark(writer);
        synchronized (flushed) {
            while (flushedTicket < ticket) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    flushed.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private void run() {
        List<T> batch = new ArrayList<>(batchSize);
        while (true) {
            // Read before draining: whatever was submitted before close() or flush() is in the queue by now.
            boolean stopping = closing;
            long ticket = flushTickets.get();
            queue.drainTo(batch, batchSize);
            if (!batch.isEmpty()) {
                try {
                    write(batch, stopping);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    LOG.error("{}: writer interrupted; {} records not written", name, batch.size() + queue.size());
                    return;
                }
                batch.clear();
                continue;
            }
            // Empty: everything submitted before `ticket` was taken, and written, by earlier rounds.
            completeFlushes(ticket);
            if (stopping) {
                return;
            }
            LockSupport.parkNanos(this, Math.max(flushNanos, MIN_PAUSE_NANOS));
        }
    }

    private void completeFlushes(long ticket) {
        synchronized (flushed) {
            if (ticket > flushedTicket) {
                flushedTicket = ticket;
                flushed.notifyAll();
            }
        }
    }

    private void write(List<T> batch, boolean stopping) throws InterruptedException {
        Duration backoff = firstBackoff;
        for (int failures = 0; ; failures++) {
            try {
                sink.write(batch);
                written.addAndGet(batch.size());
                return;
            } catch (Exception e) {
                // The cause's type only: a driver's message can quote the values it failed on.
                if ((stopping || closing) && failures >= ATTEMPTS_WHEN_CLOSING) {
                    LOG.error("{}: giving up on a batch of {} records after {} failed writes ({}) while stopping",
                            name, batch.size(), failures + 1, e.getClass().getName());
                    return;
                }
                LOG.warn("{}: writing a batch of {} records failed ({}); retrying in {} ms",
                        name, batch.size(), e.getClass().getName(), backoff.toMillis());
                Thread.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Stops taking records and returns once every record submitted before has been written. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        if (left > 0) {
            LOG.error("{}: closed with {} records not written", name, left);
        }
    }
}
