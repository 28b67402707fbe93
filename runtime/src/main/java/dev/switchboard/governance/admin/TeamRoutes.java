package dev.switchboard.governance.admin;

import static dev.switchboard.governance.admin.AdminContext.entry;
import static dev.switchboard.governance.admin.AdminContext.unique;

import dev.switchboard.governance.admin.Access.Op;
import dev.switchboard.governance.identity.ModelRules;
import dev.switchboard.governance.identity.Org;
import dev.switchboard.governance.identity.Team;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Teams: {@code /admin/v1/orgs/{org_id}/teams} and {@code /admin/v1/teams/{team_id}}. Teams are
 * not deleted through the API: keys, usage and audit entries keep referring to them.
 */
final class TeamRoutes {
    private static final Set<String> FIELDS = Set.of("name", "allowed_models", "denied_models", "tags", "log_requests", "log_retention_days");
    // Ten years: longer than any retention rule asks for, short enough to catch a typo in days.
    private static final long MAX_RETENTION_DAYS = 3650;

    private final AdminContext admin;

    TeamRoutes(AdminContext admin) {
        this.admin = admin;
    }

    void mount(JavalinDefaultRoutingApi routes) {
        routes.post("/admin/v1/orgs/{org_id}/teams", this::create);
        routes.get("/admin/v1/orgs/{org_id}/teams", this::list);
        routes.get("/admin/v1/teams/{team_id}", this::get);
        routes.patch("/admin/v1/teams/{team_id}", this::update);
    }

    private void create(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        Org org = admin.org(ctx.pathParam("org_id"));
        admin.access.orgWide(principal, org.id(), Op.WRITE);
        Body body = Body.parse(ctx, FIELDS);
        String name = body.requiredString("name");
        Long retention = body.positive("log_retention_days", MAX_RETENTION_DAYS);
        Team team = admin.change(() -> unique(() -> admin.identities.createTeam(org.id(), name,
                                new ModelRules(body.strings("allowed_models"), body.strings("denied_models")), body.tags("tags"),
                                Boolean.TRUE.equals(body.bool("log_requests")), retention == null ? null : retention.intValue()),
                        "A team named '" + name + "' already exists in this organisation."),
                created -> entry(principal, "team.create", org.id(), created.id(), Map.of("name", name)));
        Views.respond(ctx, 201, Views.TeamView.of(team));
    }

    private void list(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        Org org = admin.org(ctx.pathParam("org_id"));
        admin.access.org(principal, org.id(), Op.READ);
        List<Views.TeamView> teams = admin.identities.teams(org.id()).stream()
                .filter(team -> admin.access.canRead(principal, team)).map(Views.TeamView::of).toList();
        Views.respond(ctx, 200, Views.Page.of(teams));
    }

    private void get(Context ctx) {
        Team team = admin.team(ctx.pathParam("team_id"));
        admin.access.team(AdminAuth.principal(ctx), team, Op.READ);
        Views.respond(ctx, 200, Views.TeamView.of(team));
    }

    private void update(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        Team team = admin.team(ctx.pathParam("team_id"));
        admin.access.team(principal, team, Op.WRITE);
        Body body = Body.parse(ctx, FIELDS);
        String name = body.has("name") ? body.requiredString("name") : team.name();
        ModelRules models = new ModelRules(
                body.has("allowed_models") ? body.strings("allowed_models") : team.models().allowed(),
                body.has("denied_models") ? body.strings("denied_models") : team.models().denied());
        Map<String, String> tags = body.has("tags") ? body.tags("tags") : team.tags();
        boolean logRequests = body.has("log_requests") ? Boolean.TRUE.equals(body.bool("log_requests")) : team.logRequests();
        Long retention = body.positive("log_retention_days", MAX_RETENTION_DAYS);
        Integer retentionDays = body.has("log_retention_days") ? (retention == null ? null : retention.intValue()) : team.logRetentionDays();
        Team updated = new Team(team.id(), team.orgId(), name, models, tags, logRequests, retentionDays, team.createdAt());
        admin.change(() -> unique(() -> admin.identities.updateTeam(updated), "A team named '" + name + "' already exists in this organisation."),
                changed -> entry(principal, "team.update", team.orgId(), team.id(), Map.of("fields", body.fieldNames())));
        Views.respond(ctx, 200, Views.TeamView.of(updated));
    }
}
