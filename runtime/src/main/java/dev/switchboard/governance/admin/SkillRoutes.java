package dev.switchboard.governance.admin;

import static dev.switchboard.governance.admin.AdminContext.entry;

import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.admin.Access.Op;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.http.RequestBodies;
import dev.switchboard.skills.Diagnostic;
import dev.switchboard.skills.Skill;
import dev.switchboard.skills.registry.SkillRegistry;
import dev.switchboard.skills.registry.SkillRejected;
import dev.switchboard.skills.registry.Upload;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A team's Agent Skills: {@code /admin/v1/teams/{team_id}/skills}. Listing shows every skill the
 * team's keys see (shipped, configured and the team's own); a zipped skill folder uploaded as the
 * request body is unpacked, validated strictly and installed for the team alone, or refused whole
 * with every fault named by file, line and field. Uploading a skill of a name the team already has
 * replaces it. The install and its audit entry stand or fall together: when the audit entry
 * cannot be written the install is undone.
 */
final class SkillRoutes {
    /** The archive's name in error messages. */
    static final String ARCHIVE = "upload.zip";

    private final AdminContext admin;
    private final SkillRegistry skills;
    private final long maxUploadBytes;

    SkillRoutes(AdminContext admin, SkillRegistry skills, long maxUploadBytes) {
        this.admin = admin;
        this.skills = skills;
        this.maxUploadBytes = maxUploadBytes;
    }

    /** A skill as the admin API shows it. */
    record SkillView(String name, String description, String source, String license, String compatibility, Map<String, String> metadata) {
        static SkillView of(Skill skill) {
            return new SkillView(skill.name(), skill.description(), skill.origin().kind().name().toLowerCase(java.util.Locale.ROOT),
                    skill.license(), skill.compatibility(), skill.metadata());
        }
    }

    void mount(JavalinDefaultRoutingApi routes) {
        routes.get("/admin/v1/teams/{team_id}/skills", this::list);
        routes.post("/admin/v1/teams/{team_id}/skills", this::upload);
        routes.delete("/admin/v1/teams/{team_id}/skills/{name}", this::delete);
    }

    private void list(Context ctx) {
        Team team = admin.team(ctx.pathParam("team_id"));
        admin.access.team(AdminAuth.principal(ctx), team, Op.READ);
        Views.respond(ctx, 200, Views.Page.of(skills.visibleTo(team.id()).stream().map(SkillView::of).toList()));
    }

    private void upload(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        Team team = admin.team(ctx.pathParam("team_id"));
        admin.access.teamAdministration(principal, team, Op.WRITE);
        byte[] archive = RequestBodies.read(ctx, maxUploadBytes);
        try (Upload upload = stage(team, archive)) {
            try {
                admin.change(() -> {
                    upload.install();
                    return upload.skill();
                }, skill -> entry(principal, "skill.upload", team.orgId(), team.id(), Map.of("name", skill.name(), "replaced", upload.replaces())));
            } catch (RuntimeException e) {
                upload.undo();
                throw e;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("skill", SkillView.of(skills.find(team.id(), upload.skill().name()).orElse(upload.skill())));
            body.put("replaced", upload.replaces());
            body.put("shadows", upload.shadows() == null ? null : upload.shadows().origin().kind().name().toLowerCase(java.util.Locale.ROOT));
            body.put("warnings", upload.warnings().stream().map(Diagnostic::toString).toList());
            Views.respond(ctx, upload.replaces() ? 200 : 201, body);
        }
    }

    private Upload stage(Team team, byte[] archive) {
        try {
            return skills.stage(team.id(), archive, ARCHIVE);
        } catch (SkillRejected e) {
            List<Diagnostic> faults = e.diagnostics();
            throw new GatewayException.InvalidRequest("The skill was refused, nothing was installed: "
                    + faults.stream().map(Diagnostic::toString).collect(Collectors.joining("; ")), "body");
        }
    }

    private void delete(Context ctx) {
        AdminPrincipal principal = AdminAuth.principal(ctx);
        Team team = admin.team(ctx.pathParam("team_id"));
        admin.access.teamAdministration(principal, team, Op.WRITE);
        String name = ctx.pathParam("name");
        if (skills.find(team.id(), name).filter(s -> s.origin().teamId() != null).isEmpty()) {
            throw Access.notFound();
        }
        admin.change(() -> skills.remove(team.id(), name),
                removed -> removed ? entry(principal, "skill.delete", team.orgId(), team.id(), Map.of("name", name)) : null);
        ctx.status(204);
    }
}
