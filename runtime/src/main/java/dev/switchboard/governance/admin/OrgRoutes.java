package dev.switchboard.governance.admin;

import static dev.switchboard.governance.admin.AdminContext.entry;
import static dev.switchboard.governance.admin.AdminContext.unique;

import dev.switchboard.governance.admin.Access.Op;
import dev.switchboard.governance.admin.AdminPrincipal.OrgRole;
import dev.switchboard.governance.admin.AdminPrincipal.PlatformAdmin;
import dev.switchboard.governance.identity.Org;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Organisations ({@code /admin/v1/orgs}) and the caller's own identity ({@code /admin/v1/me}). */
final class OrgRoutes {
    private final AdminContext admin;

    OrgRoutes(AdminContext admin) {
        this.admin = admin;
    }

    void mount(JavalinDefaultRoutingApi routes) {
        routes.get("/admin/v1/me", this::me);
        routes.post("/admin/v1/orgs", this::create);
        routes.get("/admin/v1/orgs", this::list);
        routes.get("/admin/v1/orgs/{org_id}", this::get);
        routes.patch("/admin/v1/orgs/{org_id}", this::update);
    }

    private void me(Context ctx) {
        Map<String, Object> me = new LinkedHashMap<>();
        switch (AdminAuth.principal(ctx)) {
            case PlatformAdmin p -> {
                me.put("subject", p.subject());
                me.put("role", "platform_admin");
            }
            case OrgRole p -> {
                me.put("subject", p.subject());
                me.put("role", p.role().wireName());
                me.put("org_id", p.orgId());
                me.put("team_id", p.teamId());
                me.put("user_id", p.userId());
            }
        }
        Views.respond(ctx, 200, me);
    }

    private void create(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        admin.access.platform(principal, "create organisations");
        String name = Body.parse(ctx, Set.of("name")).requiredString("name");
        Org org = admin.change(() -> unique(() -> admin.identities.createOrg(name), "An organisation named '" + name + "' already exists."),
                created -> entry(principal, "org.create", created.id(), created.id(), Map.of("name", name)));
        Views.respond(ctx, 201, Views.OrgView.of(org));
    }

    private void list(Context ctx) {
        List<Org> orgs = switch (AdminAuth.principal(ctx)) {
            case PlatformAdmin p -> admin.identities.orgs();
            case OrgRole p -> admin.identities.org(p.orgId()).stream().toList();
        };
        Views.respond(ctx, 200, Views.Page.of(orgs.stream().map(Views.OrgView::of).toList()));
    }

    private void get(Context ctx) {
        Org org = admin.org(ctx.pathParam("org_id"));
        admin.access.org(AdminAuth.principal(ctx), org.id(), Op.READ);
        Views.respond(ctx, 200, Views.OrgView.of(org));
    }

    private void update(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        Org org = admin.org(ctx.pathParam("org_id"));
        admin.access.org(principal, org.id(), Op.WRITE);
        String name = Body.parse(ctx, Set.of("name")).requiredString("name");
        admin.change(() -> unique(() -> admin.identities.renameOrg(org.id(), name), "An organisation named '" + name + "' already exists."),
                renamed -> entry(principal, "org.update", org.id(), org.id(), Map.of("name", name)));
        Views.respond(ctx, 200, Views.OrgView.of(new Org(org.id(), name, org.createdAt())));
    }
}
