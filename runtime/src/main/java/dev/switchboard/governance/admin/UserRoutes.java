package dev.switchboard.governance.admin;

import static dev.switchboard.governance.admin.AdminContext.entry;
import static dev.switchboard.governance.admin.AdminContext.unique;

import dev.switchboard.governance.admin.Access.Op;
import dev.switchboard.governance.identity.Org;
import dev.switchboard.governance.identity.Role;
import dev.switchboard.governance.identity.User;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Users: {@code /admin/v1/orgs/{org_id}/users} and {@code /admin/v1/users/{user_id}}. */
final class UserRoutes {
    private static final Set<String> FIELDS = Set.of("email", "role", "team_id");

    private final AdminContext admin;

    UserRoutes(AdminContext admin) {
        this.admin = admin;
    }

    void mount(JavalinDefaultRoutingApi routes) {
        routes.post("/admin/v1/orgs/{org_id}/users", this::create);
        routes.get("/admin/v1/orgs/{org_id}/users", this::list);
        routes.get("/admin/v1/users/{user_id}", this::get);
        routes.patch("/admin/v1/users/{user_id}", this::update);
        routes.delete("/admin/v1/users/{user_id}", this::delete);
    }

    private void create(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        Org org = admin.org(ctx.pathParam("org_id"));
        Body body = Body.parse(ctx, FIELDS);
        String email = body.requiredString("email");
        Role role = role(body.requiredString("role"));
        String teamId = body.string("team_id");
        admin.access.grant(principal, org.id(), role, teamId);
        checkTeam(org.id(), role, teamId);
        User user = admin.change(() -> unique(() -> admin.identities.createUser(org.id(), email, role, teamId),
                        "A user with e-mail '" + email + "' already exists."),
                created -> entry(principal, "user.create", org.id(), created.id(),
                        teamId == null ? Map.of("role", role.wireName()) : Map.of("role", role.wireName(), "team_id", teamId)));
        Views.respond(ctx, 201, Views.UserView.of(user));
    }

    private void list(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        Org org = admin.org(ctx.pathParam("org_id"));
        admin.access.userList(principal, org.id());
        List<Views.UserView> users = admin.identities.users(org.id()).stream()
                .filter(user -> admin.access.canRead(principal, user)).map(Views.UserView::of).toList();
        Views.respond(ctx, 200, Views.Page.of(users));
    }

    private void get(Context ctx) {
        User user = admin.user(ctx.pathParam("user_id"));
        admin.access.user(AdminAuth.principal(ctx), user, Op.READ);
        Views.respond(ctx, 200, Views.UserView.of(user));
    }

    private void update(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        User user = admin.user(ctx.pathParam("user_id"));
        admin.access.user(principal, user, Op.WRITE);
        Body body = Body.parse(ctx, FIELDS);
        String email = body.has("email") ? body.requiredString("email") : user.email();
        Role role = body.has("role") ? role(body.requiredString("role")) : user.role();
        String teamId = body.has("team_id") ? body.string("team_id") : user.teamId();
        admin.access.grant(principal, user.orgId(), role, teamId);
        checkTeam(user.orgId(), role, teamId);
        User updated = new User(user.id(), user.orgId(), email, role, teamId, user.createdAt());
        admin.change(() -> unique(() -> admin.identities.updateUser(updated), "A user with e-mail '" + email + "' already exists."),
                changed -> entry(principal, "user.update", user.orgId(), user.id(), Map.of("fields", body.fieldNames())));
        Views.respond(ctx, 200, Views.UserView.of(updated));
    }

    private void delete(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        User user = admin.user(ctx.pathParam("user_id"));
        admin.access.user(principal, user, Op.WRITE);
        admin.change(() -> admin.identities.deleteUser(user.id()), deleted -> entry(principal, "user.delete", user.orgId(), user.id(), Map.of()));
        ctx.status(204);
    }

    private static Role role(String name) {
        return Role.fromWire(name).orElseThrow(() -> Body.invalid("role",
                "'role' must be one of org_admin, team_admin, member, auditor; got '" + name + "'"));
    }

    /** Team admins and members belong to a team of the same organisation; org-wide roles to none. */
    private void checkTeam(String orgId, Role role, String teamId) {
        boolean teamRole = role == Role.TEAM_ADMIN || role == Role.MEMBER;
        if (teamRole && teamId == null) {
            throw Body.invalid("team_id", "'team_id' is required for role " + role.wireName());
        }
        if (!teamRole && teamId != null) {
            throw Body.invalid("team_id", "role " + role.wireName() + " is org-wide and takes no 'team_id'");
        }
        if (teamId != null && admin.identities.team(teamId).filter(t -> t.orgId().equals(orgId)).isEmpty()) {
            throw Body.invalid("team_id", "'team_id' names no team of this organisation");
        }
    }
}
