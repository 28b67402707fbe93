package dev.switchboard.governance.privacy;

import dev.switchboard.auth.Caller;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.ledger.BatchWriter;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.relay.Transcript;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Opt-in request logging. By default nothing of a request's content is kept anywhere (zero data
 * retention): {@link #transcript} hands out {@link Transcript#OFF} and {@link #record} returns at
 * once. For a team that opted in ({@link Caller#logRequests()}), the request body and the answer
 * the client received are stored in {@code request_logs} after {@link Redactor redaction}, until
 * the team's retention period ({@value #DEFAULT_RETENTION_DAYS} days unless set) has passed; the
 * {@link RetentionSweeper} deletes them then.
 *
 * <p>Implementation note: the request thread only copies references onto a {@link BatchWriter}
 * queue; redaction (regexes over the whole text) and the insert run on the writer thread. A
 * streamed answer is stored as the text of its deltas ({@link StreamText}), a whole one as the
 * JSON the client got, capped at {@value #MAX_BYTES} bytes: a log is for looking at a request,
 * not an archive of every token.
 */
public final class RequestLog implements AutoCloseable {
    public static final int DEFAULT_RETENTION_DAYS = 30;
    static final int MAX_BYTES = 1 << 20;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final String INSERT = """
            INSERT INTO request_logs (request_id, time, org_id, team_id, key_id, model, request_text, response_text, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (request_id) DO NOTHING""";

    /** What the request thread hands over: raw bytes, redacted later on the writer thread. */
    record Entry(String requestId, Instant time, Caller caller, String model, byte[] request, Transcript response,
                 boolean streamed) {
    }

    private final Redactor redactor;
    private final BatchWriter<Entry> batches;

    public RequestLog(Jdbc jdbc, Redactor redactor, GatewayConfig.Ledger batching) {
        this.redactor = redactor;
        this.batches = new BatchWriter<>("request-log", batch -> jdbc.inTransaction(c -> {
            insert(c, batch);
            return null;
        }), batching.batchSize(), batching.flushInterval(), batching.queueCapacity(), FIRST_BACKOFF);
    }

    /** Where the answer's bytes are to be copied: {@link Transcript#OFF} unless the caller's team opted in. */
    public Transcript transcript(Caller caller) {
        return caller.logRequests() && caller.teamId() != null ? Transcript.upTo(MAX_BYTES) : Transcript.OFF;
    }

    /**
     * Stores the request and its answer when the caller's team opted in; otherwise does nothing.
     *
     * @param request  the body as the client sent it (an in-process caller's request as JSON), asked for only when stored
     * @param response what {@link #transcript} collected; {@link Transcript#OFF} when the request failed before answering
     * @param streamed whether {@code response} holds server-sent events
     */
    public void record(String requestId, Instant time, Caller caller, String model, Supplier<byte[]> request, Transcript response,
                       boolean streamed) {
        if (!caller.logRequests() || caller.teamId() == null) {
            return;
        }
        batches.submit(new Entry(requestId, time, caller, model, request.get(), response, streamed));
    }

    private void insert(Connection connection, List<Entry> batch) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (Entry e : batch) {
                int days = e.caller().logRetentionDays() == null ? DEFAULT_RETENTION_DAYS : e.caller().logRetentionDays();
                Jdbc.bind(statement, e.requestId(), e.time().toEpochMilli(), e.caller().orgId(), e.caller().teamId(),
                        e.caller().keyId(), e.model(), requestText(e), responseText(e),
                        e.time().plus(Duration.ofDays(days)).toEpochMilli());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    // The body is already capped by server.max_body_bytes.
    private String requestText(Entry e) {
        return e.request() == null ? null : redactor.redactJson(e.request());
    }

    private String responseText(Entry e) {
        if (!e.response().enabled() || e.response().bytes().length == 0) {
            return null;
        }
        byte[] sent = e.response().bytes();
        String text = e.streamed() ? redactor.redact(StreamText.of(sent))
                : e.response().truncated() ? redactor.redact(new String(sent, StandardCharsets.UTF_8))
                : redactor.redactJson(sent);
        return e.response().truncated() ? text + " [TRUNCATED]" : text;
    }

    /** Entries waiting to be written. */
    public int backlog() {
        return batches.backlog();
    }

    /** Writes everything queued, then stops. */
    @Override
    public void close() {
        batches.close();
    }
}
