package dev.switchboard.governance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.governance.audit.AuditQuery;
import dev.switchboard.governance.audit.AuditRecord;
import dev.switchboard.testing.GovernanceRig;
import dev.switchboard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Admin writes under concurrency. The bug: on SQLite, admin writes racing {@code /v1} traffic failed with 500 — budget PUTs with
 * SQLITE_BUSY_SNAPSHOT, so the budget was never saved and a team meant to be capped spent on; key
 * creation and team and rate-limit updates from the audit append, after the change had committed,
 * leaving a key whose secret nobody saw and no audit entry. Here admins write while budgeted keys,
 * the usage ledger and the sign-in-failure audit queue keep the database busy: every write must
 * succeed, be saved, be audited exactly once in a chain that verifies, and a budget set during the
 * race must hold afterwards.
 */
class AdminWritesTest {
    private static final int ADMINS = 4;
    private static final int ROUNDS = 25;
    private static final int TRAFFIC = 6;
    // A ledger transaction every few milliseconds, as under real load.
    private static final String BUSY_LEDGER = "  ledger:\n    flush_interval: 2ms\n    batch_size: 5\n";

    /** What one admin wrote, to compare with what was saved and audited. */
    private record Writes(String team, List<String> keys, String lastBudget, int lastRequestsPerMinute, String lastTag) {
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void adminWritesRacingTrafficAllSucceedAreSavedAndAuditedOnceAndABudgetSetMidRaceHolds(TestDatabase kind) throws Exception {
        try (GovernanceRig rig = GovernanceRig.start(kind, BUSY_LEDGER, AdminClient.ENV)) {
            AdminClient admin = AdminClient.platform(rig.gateway());
            String org = rig.org().id();
            String spender = rig.newKey().secret();
            admin.expect(200, "PUT", "/admin/v1/teams/" + rig.team().id() + "/budgets/month", "{\"limit_usd\":\"1000\"}");
            String cappedTeam = admin.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"capped\"}").path("id").asText();
            String capped = admin.expect(201, "POST", "/admin/v1/teams/" + cappedTeam + "/keys", "{\"name\":\"capped\"}").path("key").asText();
            List<String> teams = new ArrayList<>();
            for (int i = 0; i < ADMINS; i++) {
                teams.add(admin.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"team-" + i + "\"}").path("id").asText());
            }
            long auditBefore = rig.governance().audit().verify().records();

            AtomicBoolean racing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            Map<Integer, Long> served = new ConcurrentHashMap<>();
            List<Writes> writes = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < TRAFFIC; t++) {
                    int lane = t;
                    pool.submit(() -> {
                        while (racing.get()) {
                            // Mostly a budgeted key; now and then an unknown one, whose failed sign-in the audit log records.
                            String key = lane == 0 ? capped : lane == 1 ? "sk-sb-NeverIssued" + System.nanoTime() : spender;
                            int status = rig.chat(key, GovernanceRig.chatBody("gpt-4o-mini", 5)).statusCode();
                            served.merge(status, 1L, Long::sum);
                        }
                    });
                }
                List<Future<Writes>> admins = new ArrayList<>();
                for (int i = 0; i < ADMINS; i++) {
                    String team = teams.get(i);
                    boolean capper = i == 0;
                    admins.add(pool.submit(() -> write(admin, team, capper ? cappedTeam : null, failures)));
                }
                for (Future<Writes> one : admins) {
                    writes.add(one.get());
                }
                racing.set(false);
            }

            assertThat(failures).as("admin writes that failed").isEmpty();
            assertThat(served.keySet()).as("statuses served during the race").isSubsetOf(200, 401, 402);
            List<AuditRecord> audited = rig.governance().audit().find(new AuditQuery(org, null, null, null, null, null, 100_000));
            for (Writes w : writes) {
                JsonNode budget = admin.get("/admin/v1/teams/" + w.team() + "/budgets").path("data").get(0);
                assertThat(budget.path("limit_usd").asText()).isEqualTo(w.lastBudget());
                assertThat(admin.get("/admin/v1/teams/" + w.team() + "/rate-limits").path("requests_per_minute").asInt())
                        .isEqualTo(w.lastRequestsPerMinute());
                assertThat(admin.get("/admin/v1/teams/" + w.team()).path("tags").path("round").asText()).isEqualTo(w.lastTag());
                // Exactly the keys whose secret an admin was shown: none created behind a failed response.
                assertThat(admin.get("/admin/v1/teams/" + w.team() + "/keys").path("data").findValuesAsText("id"))
                        .containsExactlyInAnyOrderElementsOf(w.keys());
                Map<String, Long> actions = audited.stream().filter(r -> w.team().equals(r.target()))
                        .collect(Collectors.groupingBy(AuditRecord::action, Collectors.counting()));
                assertThat(actions).containsEntry("budget.put", (long) ROUNDS).containsEntry("rate_limit.put", (long) ROUNDS)
                        .containsEntry("team.update", (long) ROUNDS);
                assertThat(audited.stream().filter(r -> r.action().equals("key.create") && w.keys().contains(r.target())))
                        .extracting(AuditRecord::target).containsExactlyInAnyOrderElementsOf(w.keys());
            }
            assertThat(audited.stream().filter(r -> r.action().equals("budget.put") && cappedTeam.equals(r.target()))).hasSize(1);
            assertThat(rig.governance().audit().verify().records()).isGreaterThanOrEqualTo(auditBefore + (long) ADMINS * ROUNDS * 4 + 1);
            assertThat(admin.get("/admin/v1/audit/verify").path("valid").asBoolean()).isTrue();
            HttpResponse<String> afterwards = rig.chat(capped, GovernanceRig.chatBody("gpt-4o-mini", 5));
            assertThat(afterwards.statusCode()).as(afterwards.body()).isEqualTo(402);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void adminsSettingTheSameNewBudgetAtOnceAllSucceedAndEachIsAudited(TestDatabase kind) throws Exception {
        try (GovernanceRig rig = GovernanceRig.start(kind, "", AdminClient.ENV)) {
            AdminClient admin = AdminClient.platform(rig.gateway());
            int admins = 8;
            List<String> limits = new ArrayList<>();
            List<Future<HttpResponse<String>>> puts = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 1; i <= admins; i++) {
                    String limit = i + ".25";
                    limits.add(limit);
                    puts.add(pool.submit(() -> {
                        go.await();
                        return admin.send("PUT", "/admin/v1/teams/" + rig.team().id() + "/budgets/week", "{\"limit_usd\":\"" + limit + "\"}");
                    }));
                }
                go.countDown();
            }

            for (Future<HttpResponse<String>> put : puts) {
                assertThat(put.get().statusCode()).as(put.get().body()).isEqualTo(200);
            }
            JsonNode saved = admin.get("/admin/v1/teams/" + rig.team().id() + "/budgets").path("data");
            assertThat(saved).hasSize(1);
            assertThat(saved.get(0).path("limit_usd").asText()).isIn(limits);
            assertThat(rig.governance().audit().find(new AuditQuery(null, null, null, "budget.put", null, null, 100)))
                    .hasSize(admins).allSatisfy(r -> assertThat(r.target()).isEqualTo(rig.team().id()));
        }
    }

    /** The bug's other half: the audit append failed after the key had committed, so a key existed whose secret nobody saw. */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aKeyWhoseAuditEntryCannotBeWrittenIsNeverCreated(TestDatabase kind) {
        try (GovernanceRig rig = GovernanceRig.start(kind, "", AdminClient.ENV)) {
            AdminClient admin = AdminClient.platform(rig.gateway());
            refuseAuditEntries(rig, kind, "key.create");

            HttpResponse<String> created = admin.send("POST", "/admin/v1/teams/" + rig.team().id() + "/keys", "{\"name\":\"ci\"}");

            assertThat(created.statusCode()).isEqualTo(500);
            assertThat(created.body()).doesNotContain("sk-sb-");
            assertThat(admin.get("/admin/v1/teams/" + rig.team().id() + "/keys").path("data")).isEmpty();
            assertThat(admin.get("/admin/v1/audit/verify").path("valid").asBoolean()).isTrue();
        }
    }

    /** A trigger that fails every insert of an audit entry with {@code action}, as a full disk or a lost connection would. */
    private static void refuseAuditEntries(GovernanceRig rig, TestDatabase kind, String action) {
        if (kind == TestDatabase.SQLITE) {
            rig.governance().jdbc().update("CREATE TRIGGER refuse BEFORE INSERT ON audit_log WHEN NEW.action = '" + action + "'"
                    + " BEGIN SELECT RAISE(ABORT, 'audit entry refused'); END");
        } else {
            rig.governance().jdbc().update("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN RAISE EXCEPTION 'audit entry refused'; END $$");
            rig.governance().jdbc().update("CREATE TRIGGER refuse BEFORE INSERT ON audit_log FOR EACH ROW"
                    + " WHEN (NEW.action = '" + action + "') EXECUTE FUNCTION refuse()");
        }
    }

    /**
     * One admin's rounds on its own team: a budget, a key, a team update and a rate limit each
     * round; the capper also caps the capped team's daily budget half-way through, below the cost
     * of one request.
     */
    private static Writes write(AdminClient admin, String team, String cappedTeam, ConcurrentLinkedQueue<String> failures) {
        List<String> keys = new ArrayList<>();
        String budget = null;
        int perMinute = 0;
        String tag = null;
        for (int round = 1; round <= ROUNDS; round++) {
            budget = round + ".5";
            perMinute = 1000 + round;
            tag = "r" + round;
            expectOk(admin, failures, "PUT", "/admin/v1/teams/" + team + "/budgets/day", "{\"limit_usd\":\"" + budget + "\"}");
            HttpResponse<String> key = expectOk(admin, failures, "POST", "/admin/v1/teams/" + team + "/keys", "{\"name\":\"k" + round + "\"}");
            if (key.statusCode() == 201) {
                keys.add(AdminClient.json(key.body()).path("id").asText());
            }
            expectOk(admin, failures, "PATCH", "/admin/v1/teams/" + team, "{\"tags\":{\"round\":\"" + tag + "\"}}");
            expectOk(admin, failures, "PUT", "/admin/v1/teams/" + team + "/rate-limits", "{\"requests_per_minute\":" + perMinute + "}");
            if (cappedTeam != null && round == ROUNDS / 2) {
                expectOk(admin, failures, "PUT", "/admin/v1/teams/" + cappedTeam + "/budgets/day", "{\"limit_usd\":\"0.000001\"}");
            }
        }
        return new Writes(team, keys, budget, perMinute, tag);
    }

    private static HttpResponse<String> expectOk(AdminClient admin, ConcurrentLinkedQueue<String> failures, String method, String path,
                                                 String body) {
        HttpResponse<String> response = admin.send(method, path, body);
        if (response.statusCode() / 100 != 2) {
            failures.add(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response;
    }
}
