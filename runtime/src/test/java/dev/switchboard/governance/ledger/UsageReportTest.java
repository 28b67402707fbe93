package dev.switchboard.governance.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord;
import dev.switchboard.usage.UsageRecord.Attribution;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsageReportTest {
    private static final Attribution PAYMENTS = new Attribution("org_a", "team_pay", "key_pay", null);
    private static final Attribution SEARCH = new Attribution("org_a", "team_search", "key_search", "run-7");
    private static final Attribution OTHER_ORG = new Attribution("org_b", "team_b", "key_b", null);

    private static UsageRecord usage(String id, String day, Attribution who, String model, String provider, long in, long out,
                                     String cost, UsageRecord.Outcome outcome) {
        return new UsageRecord(Instant.parse(day + "T12:00:00Z"), id, "chat.completions", model, provider, model, false, outcome,
                outcome == UsageRecord.Outcome.FAILED ? 429 : 200, new TokenUsage(in, in / 10, 0, out, out / 10),
                cost == null ? null : new BigDecimal(cost), 1000, List.of(), who, null);
    }

    /** Three teams' requests over three days: costs chosen so that a float sum would not be exact. */
    private static Database seeded(TestDatabase kind) throws Exception {
        Database database = kind.open();
        List<UsageRecord> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(usage("p" + i, "2026-11-0" + (1 + i % 3), PAYMENTS, "gpt-test", "oai", 100, 20, "0.000000001", UsageRecord.Outcome.COMPLETED));
        }
        rows.add(usage("p-big", "2026-11-02", PAYMENTS, "claude-test", "ant", 1000, 500, "12.345678901", UsageRecord.Outcome.COMPLETED));
        rows.add(usage("s1", "2026-11-01", SEARCH, "claude-test", "ant", 50, 10, "0.1", UsageRecord.Outcome.COMPLETED));
        rows.add(usage("s2", "2026-11-03", SEARCH, "claude-test", "ant", 50, 10, "0.2", UsageRecord.Outcome.COMPLETED));
        rows.add(usage("s3", "2026-11-03", SEARCH, "gpt-test", null, 0, 0, null, UsageRecord.Outcome.FAILED));
        rows.add(usage("b1", "2026-10-31", OTHER_ORG, "gpt-test", "oai", 7, 7, "5", UsageRecord.Outcome.COMPLETED));
        new Jdbc(database).inTransaction(c -> {
            LedgerTable.insert(c, rows);
            return null;
        });
        return database;
    }

    private static UsageQuery query(String... parameters) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            map.put(parameters[i], List.of(parameters[i + 1]));
        }
        return UsageQuery.parse(map);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void totalsByTeamSumCostExactlyInNanoDollars(TestDatabase kind) throws Exception {
        try (Database database = seeded(kind)) {
            List<UsageTotal> totals = new UsageReport(new Jdbc(database)).totals(query("group_by", "team", "org_id", "org_a"));

            assertThat(totals).containsExactly(
                    new UsageTotal("team_pay", 11, 2000, 700, 200, 70, 12_345_678_911L, 0),
                    new UsageTotal("team_search", 3, 100, 20, 10, 2, 300_000_000L, 1));
            assertThat(totals.getFirst().costUsd()).isEqualTo("12.345678911");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void totalsByOrgCoverEveryOrganisation(TestDatabase kind) throws Exception {
        try (Database database = seeded(kind)) {
            assertThat(new UsageReport(new Jdbc(database)).totals(query("group_by", "org")))
                    .extracting(UsageTotal::group, UsageTotal::requests, UsageTotal::costUsd)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("org_a", 14L, "12.645678911"),
                            org.assertj.core.groups.Tuple.tuple("org_b", 1L, "5"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void totalsByKeyFilteredToOneTeam(TestDatabase kind) throws Exception {
        try (Database database = seeded(kind)) {
            assertThat(new UsageReport(new Jdbc(database)).totals(query("group_by", "key", "team_id", "team_search")))
                    .extracting(UsageTotal::group, UsageTotal::requests, UsageTotal::failedRequests)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("key_search", 3L, 1L));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void totalsByDayIncludeBothEndsOfTheRange(TestDatabase kind) throws Exception {
        try (Database database = seeded(kind)) {
            assertThat(new UsageReport(new Jdbc(database)).totals(query("group_by", "day", "from", "2026-11-01", "to", "2026-11-02")))
                    .extracting(UsageTotal::group, UsageTotal::requests, UsageTotal::costNanos)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-01", 5L, 100_000_004L),
                            org.assertj.core.groups.Tuple.tuple("2026-11-02", 4L, 12_345_678_904L));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void totalsByModelAndByProviderFilteredByModel(TestDatabase kind) throws Exception {
        try (Database database = seeded(kind)) {
            UsageReport report = new UsageReport(new Jdbc(database));

            assertThat(report.totals(query("group_by", "model", "org_id", "org_a")))
                    .extracting(UsageTotal::group, UsageTotal::requests, UsageTotal::costUsd)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("claude-test", 3L, "12.645678901"),
                            org.assertj.core.groups.Tuple.tuple("gpt-test", 11L, "0.00000001"));
            assertThat(report.totals(query("group_by", "provider", "model", "gpt-test")))
                    .extracting(UsageTotal::group, UsageTotal::requests)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(null, 1L), org.assertj.core.groups.Tuple.tuple("oai", 11L));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void csvHasAHeaderRowAndOneLinePerGroup(TestDatabase kind) throws Exception {
        try (Database database = seeded(kind)) {
            UsageQuery q = query("group_by", "team", "org_id", "org_a");
            StringWriter csv = new StringWriter();

            UsageReport.writeCsv(q.groupBy(), new UsageReport(new Jdbc(database)).totals(q), csv);

            assertThat(csv.toString()).isEqualTo("""
                    team,requests,input_tokens,output_tokens,cached_tokens,reasoning_tokens,cost_usd,failed_requests\r
                    team_pay,11,2000,700,200,70,12.345678911,0\r
                    team_search,3,100,20,10,2,0.3,1\r
                    """);
        }
    }

    @Test
    void csvQuotesFieldsAsRfc4180SaysAndDefusesFormulas() {
        StringWriter csv = new StringWriter();

        UsageReport.writeCsv(UsageQuery.GroupBy.MODEL, List.of(new UsageTotal("a,\"b\"", 1, 0, 0, 0, 0, 0, 0),
                new UsageTotal("=HYPERLINK(\"x\")", 1, 0, 0, 0, 0, 0, 0), new UsageTotal(null, 1, 0, 0, 0, 0, 0, 0)), csv);

        assertThat(csv.toString().split("\r\n")).containsExactly(
                "model,requests,input_tokens,output_tokens,cached_tokens,reasoning_tokens,cost_usd,failed_requests",
                "\"a,\"\"b\"\"\",1,0,0,0,0,0,0",
                "\"'=HYPERLINK(\"\"x\"\")\",1,0,0,0,0,0,0",
                ",1,0,0,0,0,0,0");
    }

    /** OWASP's CSV-injection list includes TAB and CR: a spreadsheet strips them and runs the formula behind. */
    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void csvDefusesAGroupStartingWithAnyCharacterOwaspListsTabAndCarriageReturnIncluded(String lead) {
        StringWriter csv = new StringWriter();
        String model = lead + "cmd|' /C calc'!A0";

        UsageReport.writeCsv(UsageQuery.GroupBy.MODEL, List.of(new UsageTotal(model, 1, 0, 0, 0, 0, 0, 0)), csv);

        String row = csv.toString().substring(csv.toString().indexOf("\r\n") + 2);
        // A field with a line break is quoted (RFC 4180); either way the cell's text starts with the apostrophe.
        assertThat(row).startsWith(lead.equals("\r") ? "\"'" + model : "'" + model);
    }

    @Test
    void aQueryReadsItsParametersAndDefaultsToTotalsPerDay() {
        assertThat(query("from", "2026-11-01", "to", "2026-11-30", "team_id", "team_1", "format", "csv"))
                .isEqualTo(new UsageQuery(UsageQuery.GroupBy.DAY, null, "team_1", null, LocalDate.of(2026, 11, 1),
                        LocalDate.of(2026, 11, 30), null));
    }

    @Test
    void aBadParameterIsRejectedByName() {
        assertThatThrownBy(() -> query("group_by", "colour")).isInstanceOfSatisfying(GatewayException.InvalidRequest.class,
                e -> assertThat(e.param()).contains("group_by"));
        assertThatThrownBy(() -> query("from", "01/11/2026")).isInstanceOfSatisfying(GatewayException.InvalidRequest.class,
                e -> assertThat(e.param()).contains("from"));
        assertThatThrownBy(() -> query("from", "2026-11-30", "to", "2026-11-01")).isInstanceOfSatisfying(
                GatewayException.InvalidRequest.class, e -> assertThat(e.param()).contains("from"));
        assertThatThrownBy(() -> query("team", "team_1")).isInstanceOfSatisfying(GatewayException.InvalidRequest.class,
                e -> assertThat(e.param()).contains("team"));
    }
}
