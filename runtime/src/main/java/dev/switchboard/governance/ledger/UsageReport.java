package dev.switchboard.governance.ledger;

import dev.switchboard.governance.store.Jdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers usage questions from the ledger: totals per org, team, key, model, day or provider, with
 * filters, as rows or as CSV. Sums are done by the database over whole nano-dollars, so the cost
 * reported for a team is exactly the sum of its requests' costs.
 *
 * <p>Every filter is a bound parameter and the grouped column comes from a fixed list, so no
 * input reaches the SQL text. The filters on org, team and key use the {@code (x_id, day)}
 * indexes, the others the {@code day} or {@code (requested_model, day)} index.
 */
public final class UsageReport {
    // Rows that failed or broke off; a client that left is its own choice, not a failure.
    private static final String FAILED = "CASE WHEN outcome IN ('failed', 'stream_cut') THEN 1 ELSE 0 END";

    // OWASP's CSV-injection list: spreadsheets read these as the start of a formula, and skip a leading TAB or CR to find one.
    private static final String FORMULA_LEADS = "=+-@\t\r";

    private final Jdbc jdbc;

    public UsageReport(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Totals per group, ordered by the group's value (rows without one first). */
    public List<UsageTotal> totals(UsageQuery q) {
        String group = q.groupBy().column();
        StringBuilder sql = new StringBuilder("SELECT ").append(group).append(" AS grp, COUNT(*) AS requests, ")
                .append("COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens, ")
                .append("COALESCE(SUM(cached_tokens), 0) AS cached_tokens, COALESCE(SUM(reasoning_tokens), 0) AS reasoning_tokens, ")
                .append("COALESCE(SUM(cost_nanos), 0) AS cost_nanos, COALESCE(SUM(").append(FAILED).append("), 0) AS failed ")
                .append("FROM usage_ledger WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        filter(sql, params, "org_id = ?", q.orgId());
        filter(sql, params, "team_id = ?", q.teamId());
        filter(sql, params, "key_id = ?", q.keyId());
        filter(sql, params, "requested_model = ?", q.model());
        filter(sql, params, "day >= ?", q.from() == null ? null : q.from().toString());
        filter(sql, params, "day <= ?", q.to() == null ? null : q.to().toString());
        // NULLS FIRST is spelt differently by the two databases; ordering on IS NULL is not.
        sql.append(" GROUP BY ").append(group).append(" ORDER BY CASE WHEN ").append(group).append(" IS NULL THEN 0 ELSE 1 END, ")
                .append(group);
        return jdbc.query(sql.toString(), row -> new UsageTotal(row.getString("grp"), row.getLong("requests"),
                row.getLong("input_tokens"), row.getLong("output_tokens"), row.getLong("cached_tokens"),
                row.getLong("reasoning_tokens"), row.getLong("cost_nanos"), row.getLong("failed")), params.toArray());
    }

    private static void filter(StringBuilder sql, List<Object> params, String condition, String value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.add(value);
        }
    }

    /**
     * Writes totals as CSV (RFC 4180: a header row, CRLF line ends, fields with commas, quotes or
     * line breaks quoted). The first column is named after the grouping, e.g. {@code team}. A group
     * value starting with any character of {@link #FORMULA_LEADS} gets a leading apostrophe, so a
     * model name a client made up cannot run as a spreadsheet formula.
     */
    public static void writeCsv(UsageQuery.GroupBy groupBy, List<UsageTotal> totals, Writer out) {
        try {
            out.write(groupBy.parameter() + ",requests,input_tokens,output_tokens,cached_tokens,reasoning_tokens,cost_usd,failed_requests\r\n");
            for (UsageTotal t : totals) {
                out.write(field(t.group()) + "," + t.requests() + "," + t.inputTokens() + "," + t.outputTokens() + ","
                        + t.cachedTokens() + "," + t.reasoningTokens() + "," + t.costUsd() + "," + t.failedRequests() + "\r\n");
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String field(String value) {
        if (value == null) {
            return "";
        }
        if (!value.isEmpty() && FORMULA_LEADS.indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\r") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
