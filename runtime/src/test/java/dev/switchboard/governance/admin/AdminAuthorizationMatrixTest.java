package dev.switchboard.governance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.governance.Governance;
import dev.switchboard.governance.Scope;
import dev.switchboard.governance.budget.Budget;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.identity.ModelRules;
import dev.switchboard.governance.identity.Org;
import dev.switchboard.governance.identity.Role;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.governance.identity.User;
import dev.switchboard.governance.ratelimit.RateLimit;
import dev.switchboard.config.Secret;
import dev.switchboard.testing.SkillZips;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every admin endpoint × every kind of caller → allowed (2xx) or denied (401, 403, 404), on both
 * databases. Adding an endpoint means adding a row. Placeholders in paths and bodies name the
 * fixture's resources; those marked "fresh" are made anew for each call so destructive calls do
 * not depend on the order cells run in.
 *
 * <p>Expectations are listed per caller, in this order: platform admin, org_admin, team_admin,
 * member, auditor, an org_admin of another organisation, no credentials. Y = 2xx, F = 403,
 * N = 404, U = 401.
 */
class AdminAuthorizationMatrixTest {
    /** A body starting with this is sent as a zipped skill of the name that follows. */
    private static final String ZIP = "zip:";
    private static final List<String> CALLERS = List.of("platform", "org_admin", "team_admin", "member", "auditor", "other_org", "none");

    private record Row(String method, String path, String body, String expected) {
    }

    private static Row row(String request, String body, String expected) {
        String[] parts = request.split(" ", 2);
        return new Row(parts[0], parts[1], body, expected);
    }

    private static final List<Row> ROWS = List.of(
            row("GET /admin/v1/me", null, "Y Y Y Y Y Y U"),
            row("POST /admin/v1/orgs", "{\"name\":\"org-{uniq}\"}", "Y F F F F F U"),
            row("GET /admin/v1/orgs", null, "Y Y Y Y Y Y U"),
            row("GET /admin/v1/orgs/{org}", null, "Y Y Y Y Y N U"),
            row("PATCH /admin/v1/orgs/{org}", "{\"name\":\"{orgName}\"}", "Y Y F F F N U"),
            row("POST /admin/v1/orgs/{org}/teams", "{\"name\":\"team-{uniq}\"}", "Y Y F F F N U"),
            row("GET /admin/v1/orgs/{org}/teams", null, "Y Y Y Y Y N U"),
            row("GET /admin/v1/teams/{team}", null, "Y Y Y Y Y N U"),
            row("GET /admin/v1/teams/{otherTeam}", null, "Y Y F F Y N U"),
            row("PATCH /admin/v1/teams/{team}", "{\"tags\":{\"cc\":\"42\"}}", "Y Y F F F N U"),
            row("POST /admin/v1/orgs/{org}/users", "{\"email\":\"{uniq}@acme.test\",\"role\":\"member\",\"team_id\":\"{team}\"}", "Y Y Y F F N U"),
            row("POST /admin/v1/orgs/{org}/users", "{\"email\":\"{uniq}@acme.test\",\"role\":\"org_admin\"}", "Y Y F F F N U"),
            row("GET /admin/v1/orgs/{org}/users", null, "Y Y Y F Y N U"),
            row("GET /admin/v1/users/{member}", null, "Y Y Y Y Y N U"),
            row("GET /admin/v1/users/{orgAdmin}", null, "Y Y F F Y N U"),
            row("PATCH /admin/v1/users/{freshMember}", "{\"email\":\"{uniq}@acme.test\"}", "Y Y Y F F N U"),
            row("DELETE /admin/v1/users/{freshMember}", null, "Y Y Y F F N U"),
            row("POST /admin/v1/teams/{team}/keys", "{\"name\":\"k\"}", "Y Y Y Y F N U"),
            row("POST /admin/v1/teams/{otherTeam}/keys", "{\"name\":\"k\"}", "Y Y F F F N U"),
            row("GET /admin/v1/teams/{team}/keys", null, "Y Y Y Y Y N U"),
            row("GET /admin/v1/keys/{memberKey}", null, "Y Y Y Y Y N U"),
            row("GET /admin/v1/keys/{serviceKey}", null, "Y Y Y F Y N U"),
            row("PATCH /admin/v1/keys/{freshOwnKey}", "{\"name\":\"renamed\"}", "Y Y Y F F N U"),
            row("POST /admin/v1/keys/{freshOwnKey}/revoke", null, "Y Y Y Y F N U"),
            row("POST /admin/v1/keys/{freshServiceKey}/revoke", null, "Y Y Y F F N U"),
            row("DELETE /admin/v1/keys/{freshServiceKey}", null, "Y Y Y F F N U"),
            row("PUT /admin/v1/orgs/{org}/budgets/month", "{\"limit_usd\":\"100\"}", "Y Y F F F N U"),
            row("GET /admin/v1/orgs/{org}/budgets", null, "Y Y F F Y N U"),
            row("DELETE /admin/v1/orgs/{orgWithBudget}/budgets/month", null, "Y Y F F F N U"),
            row("PUT /admin/v1/teams/{team}/budgets/day", "{\"limit_usd\":\"10.50\"}", "Y Y F F F N U"),
            row("GET /admin/v1/teams/{team}/budgets", null, "Y Y Y Y Y N U"),
            row("DELETE /admin/v1/teams/{teamWithBudget}/budgets/day", null, "Y Y F F F N U"),
            row("PUT /admin/v1/keys/{freshServiceKey}/budgets/day", "{\"limit_usd\":1.5}", "Y Y Y F F N U"),
            row("GET /admin/v1/keys/{memberKey}/budgets", null, "Y Y Y Y Y N U"),
            row("DELETE /admin/v1/keys/{keyWithBudget}/budgets/day", null, "Y Y Y F F N U"),
            row("PUT /admin/v1/teams/{team}/rate-limits", "{\"requests_per_minute\":60}", "Y Y F F F N U"),
            row("GET /admin/v1/teams/{team}/rate-limits", null, "Y Y Y Y Y N U"),
            row("DELETE /admin/v1/teams/{teamWithLimit}/rate-limits", null, "Y Y F F F N U"),
            row("PUT /admin/v1/keys/{freshServiceKey}/rate-limits", "{\"tokens_per_minute\":1000}", "Y Y Y F F N U"),
            row("GET /admin/v1/keys/{memberKey}/rate-limits", null, "Y Y Y Y Y N U"),
            row("DELETE /admin/v1/keys/{keyWithLimit}/rate-limits", null, "Y Y Y F F N U"),
            row("PUT /admin/v1/teams/{team}/credentials/mock", "{\"api_key\":\"sk-team-own-secret-9876\"}", "Y Y Y F F N U"),
            row("GET /admin/v1/teams/{team}/credentials", null, "Y Y Y F Y N U"),
            row("DELETE /admin/v1/teams/{teamWithCredential}/credentials/mock", null, "Y Y Y F F N U"),
            row("GET /admin/v1/audit", null, "Y Y F F Y Y U"),
            row("GET /admin/v1/audit/verify", null, "Y Y F F Y Y U"),
            row("GET /admin/v1/usage?group_by=team", null, "Y Y Y Y Y Y U"),
            row("GET /admin/v1/usage?group_by=day&org_id={org}", null, "Y Y Y Y Y N U"),
            row("GET /admin/v1/usage?team_id={otherTeam}", null, "Y Y F F Y N U"),
            row("GET /admin/v1/usage?key_id={serviceKey}&format=csv", null, "Y Y Y F Y N U"),
            row("GET /admin/v1/teams/{team}/requests", null, "Y Y Y F Y N U"),
            row("GET /admin/v1/ledger", null, "Y F F F F F U"),
            row("GET /admin/v1/teams/{team}/skills", null, "Y Y Y Y Y N U"),
            row("GET /admin/v1/teams/{otherTeam}/skills", null, "Y Y F F Y N U"),
            row("POST /admin/v1/teams/{team}/skills", ZIP + "skill-{uniq}", "Y Y Y F F N U"),
            row("POST /admin/v1/teams/{otherTeam}/skills", ZIP + "skill-{uniq}", "Y Y F F F N U"),
            row("DELETE /admin/v1/teams/{team}/skills/{freshSkill}", null, "Y Y Y F F N U"),
            row("GET /admin/v1/teams/{team}/collections", null, "Y Y Y Y Y N U"),
            row("GET /admin/v1/teams/{otherTeam}/collections", null, "Y Y F F Y N U"),
            row("DELETE /admin/v1/teams/{team}/collections/{freshCollection}", null, "Y Y Y F F N U"),
            // The /v1 retrieval API takes the same keys, scoped to their team: another team's store is not found.
            // The platform admin's bootstrap key opens /admin only, so /v1 refuses it (401).
            row("GET /v1/vector_stores", null, "U Y Y Y Y Y U"),
            row("POST /v1/vector_stores", "{\"name\":\"store-{uniq}\"}", "U Y Y Y Y Y U"),
            row("GET /v1/vector_stores/{teamCollection}", null, "U Y Y Y Y N U"),
            row("POST /v1/vector_stores/{teamCollection}/search", "{\"query\":\"refunds\",\"mode\":\"bm25\"}", "U Y Y Y Y N U"),
            row("GET /v1/vector_stores/{teamCollection}/files", null, "U Y Y Y Y N U"),
            row("DELETE /v1/vector_stores/{freshCollection}", null, "U Y Y Y Y N U"),
            row("GET /v1/files", null, "U Y Y Y Y Y U"));

    private static final List<RunningGateway> GATEWAYS = new ArrayList<>();

    @AfterAll
    static void stopGateways() {
        GATEWAYS.forEach(RunningGateway::close);
    }

    @TestFactory
    Stream<DynamicNode> everyEndpointAnswersEveryCallerAsItsRoleAllows() {
        return Arrays.stream(TestDatabase.values()).map(kind -> {
            RunningGateway gateway = RunningGateway.start(kind.governanceYaml(), AdminClient.ENV);
            GATEWAYS.add(gateway);
            Fixture fixture = new Fixture(gateway);
            return DynamicContainer.dynamicContainer(kind.name(), ROWS.stream().flatMap(row -> cells(fixture, row)));
        });
    }

    private static Stream<DynamicNode> cells(Fixture fixture, Row row) {
        String[] expected = row.expected().split(" ");
        assertThat(expected).as("one expectation per caller in %s %s", row.method(), row.path()).hasSize(CALLERS.size());
        return java.util.stream.IntStream.range(0, CALLERS.size()).mapToObj(i -> DynamicTest.dynamicTest(
                row.method() + " " + row.path() + " as " + CALLERS.get(i) + " → " + expected[i], () -> {
                    String body = row.body() == null ? null : fixture.resolve(row.body());
                    HttpResponse<String> response = body != null && body.startsWith(ZIP)
                            ? fixture.client(CALLERS.get(i)).send(row.method(), fixture.resolve(row.path()),
                                    SkillZips.skill(body.substring(ZIP.length())), "application/zip")
                            : fixture.client(CALLERS.get(i)).send(row.method(), fixture.resolve(row.path()), body);
                    int status = response.statusCode();
                    String outcome = status >= 200 && status < 300 ? "Y" : status == 403 ? "F" : status == 404 ? "N" : status == 401 ? "U" : "?";
                    assertThat(outcome).as("status %d: %s", status, response.body()).isEqualTo(expected[i]);
                }));
    }

    /** Two organisations, their people and keys, made straight in the stores. */
    private static final class Fixture {
        private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
        private final RunningGateway gateway;
        private final Governance governance;
        private final IdentityStore identities;
        private final Org org;
        private final Team team;
        private final Team otherTeam;
        private final User member;
        private final User orgAdmin;
        private final String memberKeyId;
        private final String serviceKeyId;
        private final Map<String, String> tokens;

        Fixture(RunningGateway gateway) {
            this.gateway = gateway;
            this.governance = gateway.gateway().governance();
            this.identities = governance.identities();
            org = identities.createOrg("acme-" + uniq());
            team = identities.createTeam(org.id(), "payments", ModelRules.ANY, Map.of(), false, null);
            otherTeam = identities.createTeam(org.id(), "search", ModelRules.ANY, Map.of(), false, null);
            orgAdmin = identities.createUser(org.id(), "boss@acme.test", Role.ORG_ADMIN, null);
            User teamAdmin = identities.createUser(org.id(), "lead@acme.test", Role.TEAM_ADMIN, team.id());
            member = identities.createUser(org.id(), "dev@acme.test", Role.MEMBER, team.id());
            User auditor = identities.createUser(org.id(), "audit@acme.test", Role.AUDITOR, null);
            Org other = identities.createOrg("globex-" + uniq());
            Team otherOrgTeam = identities.createTeam(other.id(), "ops", ModelRules.ANY, Map.of(), false, null);
            User otherAdmin = identities.createUser(other.id(), "boss@globex.test", Role.ORG_ADMIN, null);
            IdentityStore.CreatedKey memberKey = keyFor(member, team);
            memberKeyId = memberKey.key().id();
            serviceKeyId = identities.createKey(org.id(), team.id(), null, "service", ModelRules.ANY, Map.of(), null).key().id();
            tokens = Map.of("platform", AdminClient.ADMIN_KEY,
                    "org_admin", keyFor(orgAdmin, team).secret(),
                    "team_admin", keyFor(teamAdmin, team).secret(),
                    "member", memberKey.secret(),
                    "auditor", keyFor(auditor, team).secret(),
                    "other_org", keyFor(otherAdmin, otherOrgTeam).secret());
        }

        private IdentityStore.CreatedKey keyFor(User user, Team in) {
            return identities.createKey(user.orgId(), in.id(), user.id(), user.email(), ModelRules.ANY, Map.of(), null);
        }

        AdminClient client(String caller) {
            return new AdminClient(gateway, tokens.get(caller));
        }

        String resolve(String text) {
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, placeholder(m.group(1)).get());
            }
            return m.appendTail(out).toString();
        }

        private Supplier<String> placeholder(String name) {
            return switch (name) {
                case "uniq" -> Fixture::uniq;
                case "org" -> org::id;
                case "orgName" -> org::name;
                case "team" -> team::id;
                case "otherTeam" -> otherTeam::id;
                case "member" -> member::id;
                case "orgAdmin" -> orgAdmin::id;
                case "memberKey" -> () -> memberKeyId;
                case "serviceKey" -> () -> serviceKeyId;
                case "freshMember" -> () -> identities.createUser(org.id(), uniq() + "@acme.test", Role.MEMBER, team.id()).id();
                case "freshOwnKey" -> () -> keyFor(member, team).key().id();
                case "freshServiceKey" -> () -> identities.createKey(org.id(), team.id(), null, null, ModelRules.ANY, Map.of(), null).key().id();
                case "orgWithBudget" -> () -> withBudget(Scope.ORG, org.id(), Budget.Period.MONTH);
                case "teamWithBudget" -> () -> withBudget(Scope.TEAM, team.id(), Budget.Period.DAY);
                case "keyWithBudget" -> () -> withBudget(Scope.KEY, placeholder("freshServiceKey").get(), Budget.Period.DAY);
                case "teamWithLimit" -> () -> withLimit(Scope.TEAM, team.id());
                case "keyWithLimit" -> () -> withLimit(Scope.KEY, placeholder("freshServiceKey").get());
                case "freshSkill" -> () -> {
                    String skill = "skill-" + uniq();
                    try (var upload = gateway.gateway().skills().stage(team.id(), SkillZips.skill(skill), "x.zip")) {
                        upload.install();
                    }
                    return skill;
                };
                case "teamCollection" -> () -> collection(team.id(), "handbook");
                case "freshCollection" -> () -> collection(team.id(), "c-" + uniq());
                case "teamWithCredential" -> () -> {
                    governance.credentials().put(team.id(), "mock", Secret.of("sk-team-own-secret-9876"));
                    return team.id();
                };
                default -> throw new IllegalArgumentException("unknown placeholder " + name);
            };
        }

        /** The team's collection of this name, made straight in the store on first use. */
        private String collection(String teamId, String name) {
            var store = gateway.gateway().rag().store();
            try {
                return store.get(teamId, name).id();
            } catch (dev.switchboard.rag.RagException e) {
                return store.create(teamId, name, dev.switchboard.rag.CollectionSettings.DEFAULT, Map.of()).id();
            }
        }

        private String withBudget(Scope scope, String id, Budget.Period period) {
            governance.budgets().put(scope, id, period, 1_000_000_000L, List.of());
            return id;
        }

        private String withLimit(Scope scope, String id) {
            governance.rateLimits().put(new RateLimit(scope, id, 10, null));
            return id;
        }

        private static String uniq() {
            return UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
