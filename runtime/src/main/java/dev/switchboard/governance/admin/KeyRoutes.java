package dev.switchboard.governance.admin;

import static dev.switchboard.governance.admin.AdminContext.entry;

import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.admin.Access.Op;
import dev.switchboard.governance.admin.AdminPrincipal.OrgRole;
import dev.switchboard.governance.identity.ApiKey;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.identity.ModelRules;
import dev.switchboard.governance.identity.Role;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.governance.identity.User;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Virtual keys: {@code /admin/v1/teams/{team_id}/keys} and {@code /admin/v1/keys/{key_id}}. The key
 * itself is in the creation response and nowhere else, ever: the database keeps its hash.
 */
final class KeyRoutes {
    private static final Set<String> CREATE_FIELDS = Set.of("name", "user_id", "allowed_models", "denied_models", "tags", "expires_at");
    private static final Set<String> UPDATE_FIELDS = Set.of("name", "allowed_models", "denied_models", "tags", "expires_at");

    private final AdminContext admin;
    private final Clock clock;

    KeyRoutes(AdminContext admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    void mount(JavalinDefaultRoutingApi routes) {
        routes.post("/admin/v1/teams/{team_id}/keys", this::create);
        routes.get("/admin/v1/teams/{team_id}/keys", this::list);
        routes.get("/admin/v1/keys/{key_id}", this::get);
        routes.patch("/admin/v1/keys/{key_id}", this::update);
        routes.post("/admin/v1/keys/{key_id}/revoke", this::revoke);
        routes.delete("/admin/v1/keys/{key_id}", this::revoke);
    }

    private void create(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        Team team = admin.team(ctx.pathParam("team_id"));
        admin.access.teamKeys(principal, team, Op.WRITE);
        Body body = Body.parse(ctx, CREATE_FIELDS);
        String userId = owner(principal, team, body.string("user_id"));
        Instant expires = future(body);
        IdentityStore.CreatedKey created = admin.change(() -> admin.identities.createKey(team.orgId(), team.id(), userId, body.string("name"),
                new ModelRules(body.strings("allowed_models"), body.strings("denied_models")), body.tags("tags"), expires), made -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("prefix", made.key().prefix());
            detail.put("team_id", team.id());
            detail.put("user_id", userId);
            return entry(principal, "key.create", made.key().orgId(), made.key().id(), detail);
        });
        Views.respond(ctx, 201, Views.createdKey(created.key(), created.secret()));
    }

    /**
     * The user a new key acts for on the admin API. A member's keys are always their own; an admin
     * may bind a key to a user of the organisation (a team admin: of their team).
     */
    private String owner(AdminPrincipal principal, Team team, String requested) {
        if (principal instanceof OrgRole role && role.role() == Role.MEMBER) {
            if (role.userId() == null) {
                throw new GatewayException.Forbidden("Your sign-in is not linked to a user of the organisation, so you cannot own keys.");
            }
            return role.userId();
        }
        if (requested == null) {
            return null;
        }
        User user = admin.identities.user(requested).filter(u -> u.orgId().equals(team.orgId()))
                .orElseThrow(() -> Body.invalid("user_id", "'user_id' names no user of this organisation"));
        if (principal instanceof OrgRole role && role.role() == Role.TEAM_ADMIN && !team.id().equals(user.teamId())) {
            throw Body.invalid("user_id", "a team admin may only bind keys to users of their team");
        }
        return user.id();
    }

    private Instant future(Body body) {
        Instant expires = body.instant("expires_at");
        if (expires != null && !expires.isAfter(Instant.ofEpochMilli(clock.millis()))) {
            throw Body.invalid("expires_at", "'expires_at' must be in the future");
        }
        return expires;
    }

    private void list(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        Team team = admin.team(ctx.pathParam("team_id"));
        admin.access.teamKeys(principal, team, Op.READ);
        List<Views.KeyView> keys = admin.identities.keysOfTeam(team.id()).stream()
                .filter(key -> admin.access.canRead(principal, key)).map(Views.KeyView::of).toList();
        Views.respond(ctx, 200, Views.Page.of(keys));
    }

    private void get(Context ctx) {
        ApiKey key = admin.key(ctx.pathParam("key_id"));
        admin.access.key(AdminAuth.principal(ctx), key, Op.READ);
        Views.respond(ctx, 200, Views.KeyView.of(key));
    }

    private void update(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        ApiKey key = admin.key(ctx.pathParam("key_id"));
        admin.access.key(principal, key, Op.WRITE);
        Body body = Body.parse(ctx, UPDATE_FIELDS);
        ApiKey updated = new ApiKey(key.id(), key.prefix(), body.has("name") ? body.string("name") : key.name(), key.orgId(),
                key.teamId(), key.userId(), new ModelRules(
                body.has("allowed_models") ? body.strings("allowed_models") : key.models().allowed(),
                body.has("denied_models") ? body.strings("denied_models") : key.models().denied()),
                body.has("tags") ? body.tags("tags") : key.tags(), body.has("expires_at") ? future(body) : key.expiresAt(),
                key.revokedAt(), key.createdAt());
        admin.change(() -> admin.identities.updateKey(updated),
                changed -> entry(principal, "key.update", key.orgId(), key.id(), Map.of("fields", body.fieldNames())));
        Views.respond(ctx, 200, Views.KeyView.of(updated));
    }

    /** Revokes a key; revoking a revoked key changes nothing and answers the same. */
    private void revoke(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        ApiKey key = admin.key(ctx.pathParam("key_id"));
        admin.access.revoke(principal, key);
        admin.change(() -> admin.identities.revokeKey(key.id()),
                revoked -> revoked ? entry(principal, "key.revoke", key.orgId(), key.id(), Map.of("prefix", key.prefix())) : null);
        Views.respond(ctx, 200, Views.KeyView.of(admin.key(key.id())));
    }
}
