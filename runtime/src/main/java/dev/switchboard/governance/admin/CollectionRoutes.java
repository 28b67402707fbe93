package dev.switchboard.governance.admin;

import static dev.switchboard.governance.admin.AdminContext.entry;

import dev.switchboard.governance.admin.Access.Op;
import dev.switchboard.governance.identity.Team;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;

/**
 * A team's retrieval collections ({@code /admin/v1/teams/{id}/collections}): whoever reads the
 * team lists them; its team admin and org admins delete them (a key of the team manages them
 * through {@code /v1/vector_stores}).
 */
final class CollectionRoutes {
    private final AdminContext admin;
    private final TeamCollections collections;

    CollectionRoutes(AdminContext admin, TeamCollections collections) {
        this.admin = admin;
        this.collections = collections;
    }

    void mount(JavalinDefaultRoutingApi routes) {
        routes.get("/admin/v1/teams/{id}/collections", this::list);
        routes.delete("/admin/v1/teams/{id}/collections/{collection}", this::delete);
    }

    private void list(Context ctx) {
        Team team = admin.team(ctx.pathParam("id"));
        admin.access.team(AdminAuth.principal(ctx), team, Op.READ);
        Views.respond(ctx, 200, Views.Page.of(collections.list(team.id())));
    }

    private void delete(Context ctx) {
        Team team = admin.team(ctx.pathParam("id"));
        admin.access.teamAdministration(AdminAuth.principal(ctx), team, Op.WRITE);
        String collection = ctx.pathParam("collection");
        admin.change(() -> {
            if (!collections.delete(team.id(), collection)) {
                throw Access.notFound();
            }
            return null;
        }, deleted -> entry(AdminAuth.principal(ctx), "collection.delete", team.orgId(), team.id(), Map.of("collection", collection)));
        ctx.status(204);
    }
}
