package dev.switchboard.governance.admin;

import static dev.switchboard.governance.admin.AdminContext.entry;

import dev.switchboard.config.Secret;
import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.admin.Access.Op;
import dev.switchboard.governance.byok.CredentialStore;
import dev.switchboard.governance.identity.Team;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;
import java.util.Set;

/**
 * A team's own provider credentials: {@code /admin/v1/teams/{team_id}/credentials/{provider}}.
 * A credential goes in and never comes out: responses and audit entries show the provider and the
 * last characters only.
 */
final class CredentialRoutes {
    private final AdminContext admin;
    private final Set<String> providers;

    /** @param providers the providers the gateway has configured: the only ones a credential can be used with */
    CredentialRoutes(AdminContext admin, Set<String> providers) {
        this.admin = admin;
        this.providers = Set.copyOf(providers);
    }

    void mount(JavalinDefaultRoutingApi routes) {
        routes.get("/admin/v1/teams/{team_id}/credentials", this::list);
        routes.put("/admin/v1/teams/{team_id}/credentials/{provider}", this::put);
        routes.delete("/admin/v1/teams/{team_id}/credentials/{provider}", this::delete);
    }

    private Team team(Context ctx, Op op) {
        Team team = admin.team(ctx.pathParam("team_id"));
        admin.access.teamAdministration(AdminAuth.principal(ctx), team, op);
        return team;
    }

    private void list(Context ctx) {
        Team team = team(ctx, Op.READ);
        Views.respond(ctx, 200, Views.Page.of(admin.governance.credentials().list(team.id()).stream().map(Views.CredentialView::of).toList()));
    }

    private void put(Context ctx) {
        Team team = team(ctx, Op.WRITE);
        String provider = ctx.pathParam("provider");
        if (!providers.contains(provider)) {
            throw new GatewayException.InvalidRequest("The gateway has no provider '" + provider + "'; configured providers: "
                    + providers.stream().sorted().toList() + ".", "provider");
        }
        String apiKey = Body.parse(ctx, Set.of("api_key")).requiredSecret("api_key");
        CredentialStore.Info info = admin.change(() -> admin.governance.credentials().put(team.id(), provider, Secret.of(apiKey)),
                stored -> entry(AdminAuth.principal(ctx), "credential.put", team.orgId(), team.id(), Map.of("provider", provider)));
        Views.respond(ctx, 200, Views.CredentialView.of(info));
    }

    private void delete(Context ctx) {
        Team team = team(ctx, Op.WRITE);
        String provider = ctx.pathParam("provider");
        admin.change(() -> {
            if (!admin.governance.credentials().delete(team.id(), provider)) {
                throw Access.notFound();
            }
            return null;
        }, deleted -> entry(AdminAuth.principal(ctx), "credential.delete", team.orgId(), team.id(), Map.of("provider", provider)));
        ctx.status(204);
    }
}
