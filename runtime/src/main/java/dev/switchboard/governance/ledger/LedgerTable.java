package dev.switchboard.governance.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How a {@link UsageRecord} becomes a {@code usage_ledger} row. */
final class LedgerTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = """
            INSERT INTO usage_ledger (request_id, time, day, org_id, team_id, key_id, endpoint, requested_model, served_model,
                provider, deployment, attempts, attempt_detail, input_tokens, output_tokens, cached_tokens, cache_write_tokens,
                reasoning_tokens, cost_nanos, latency_micros, status, outcome, stream, route_reason, tag)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (request_id) DO NOTHING""";

    private LedgerTable() {
    }

    /** Inserts the batch with one batched statement on {@code connection}; the caller owns the transaction. */
    static void insert(Connection connection, List<UsageRecord> batch) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (UsageRecord r : batch) {
                TokenUsage u = r.usage() == null ? TokenUsage.NONE : r.usage();
                UsageRecord.Attribution who = r.attribution();
                Jdbc.bind(statement,
                        r.requestId(), r.time().toEpochMilli(), r.time().atOffset(ZoneOffset.UTC).toLocalDate().toString(),
                        who.orgId(), who.teamId(), who.keyId(), r.endpoint(), r.requestedModel(), r.servedModel(),
                        r.provider(), r.provider() == null ? null : r.provider() + "/" + r.servedModel(),
                        r.attempts().size(), attemptDetail(r.attempts()),
                        u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), u.reasoningTokens(),
                        nanos(r.costUsd()), r.latencyMicros(), r.httpStatus(), outcome(r.outcome()), r.stream(),
                        r.routeReason(), who.tag());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** The ledger's spelling of an outcome: {@code completed}, {@code usage_missing}, {@code failed}, ... */
    static String outcome(UsageRecord.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    /** USD to whole nano-dollars, rounded half-up; null stays null (unknown is not zero). */
    static Long nanos(BigDecimal usd) {
        return usd == null ? null : usd.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static String attemptDetail(List<UsageRecord.Attempt> attempts) {
        List<Map<String, Object>> detail = attempts.stream().map(a -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("deployment", a.deployment());
            one.put("result", a.result().wireName());
            one.put("status", a.status());
            one.put("latency_micros", a.latencyMicros());
            if (a.usage() != null) {
                one.put("input_tokens", a.usage().inputTokens());
                one.put("output_tokens", a.usage().outputTokens());
            }
            return one;
        }).toList();
        try {
            return JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attempts of plain values always serialise", e);
        }
    }
}
