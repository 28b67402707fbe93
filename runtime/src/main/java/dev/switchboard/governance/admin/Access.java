package dev.switchboard.governance.admin;

import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.admin.AdminPrincipal.OrgRole;
import dev.switchboard.governance.admin.AdminPrincipal.PlatformAdmin;
import dev.switchboard.governance.identity.ApiKey;
import dev.switchboard.governance.identity.Role;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.governance.identity.User;
import java.util.Objects;

/**
 * The one place that decides what an admin principal may do; every admin endpoint asks it before
 * reading or changing anything. A platform admin may do everything. Inside an organisation:
 *
 * <ul>
 *   <li>{@code org_admin}: everything in the organisation;</li>
 *   <li>{@code team_admin}: reads their team; manages its keys (with their budgets and limits), its
 *       users of role member or team_admin, its credentials; not the team's own settings, budget or limits;</li>
 *   <li>{@code member}: reads their team; creates, lists and revokes their own keys;</li>
 *   <li>{@code auditor}: reads everything in the organisation, the audit log included; changes nothing.</li>
 * </ul>
 *
 * <p>Anything in another organisation is answered with 404, exactly like an id that does not
 * exist, so ids never reveal what exists elsewhere; a resource in the caller's own organisation
 * beyond their role is answered with 403.
 */
final class Access {
    /** Whether a check is for reading or for changing. */
    enum Op {
        READ, WRITE
    }

    /**
     * What only the platform admin may do: creating organisations, the ledger's status.
     *
     * @param action what was refused, completing "Only the platform admin may ...", e.g. {@code "create organisations"}
     */
    void platform(AdminPrincipal p, String action) {
        if (!(p instanceof PlatformAdmin)) {
            throw forbidden("Only the platform admin may " + action + ".");
        }
    }

    /** The organisation itself: every role reads it; only its org_admin renames it. */
    void org(AdminPrincipal p, String orgId, Op op) {
        allow(p, orgId, op == Op.READ || hasRole(p, Role.ORG_ADMIN));
    }

    /**
     * Organisation-wide matters: creating teams and org-wide users, the organisation's budgets, its
     * audit log. Org admins and auditors read; org admins write.
     */
    void orgWide(AdminPrincipal p, String orgId, Op op) {
        allow(p, orgId, hasRole(p, Role.ORG_ADMIN) || op == Op.READ && hasRole(p, Role.AUDITOR));
    }

    /** Listing an organisation's users: org-wide readers, and team admins (who then see their team's users). */
    void userList(AdminPrincipal p, String orgId) {
        allow(p, orgId, readsOrg(p) || hasRole(p, Role.TEAM_ADMIN));
    }

    /** A team's settings, budgets and rate limits: the team's own people read them; org admins change them. */
    void team(AdminPrincipal p, Team team, Op op) {
        allow(p, team.orgId(), op == Op.READ ? canRead(p, team) : hasRole(p, Role.ORG_ADMIN));
    }

    /** What a team admin manages inside their team: its credentials, its users and keys collectively. */
    void teamAdministration(AdminPrincipal p, Team team, Op op) {
        allow(p, team.orgId(), hasRole(p, Role.ORG_ADMIN) || op == Op.READ && hasRole(p, Role.AUDITOR)
                || hasRole(p, Role.TEAM_ADMIN) && inTeam(p, team.id()));
    }

    /** Listing a team's keys (a member then sees their own) and creating a key in it. */
    void teamKeys(AdminPrincipal p, Team team, Op op) {
        allow(p, team.orgId(), op == Op.READ ? canRead(p, team)
                : hasRole(p, Role.ORG_ADMIN) || (hasRole(p, Role.TEAM_ADMIN) || hasRole(p, Role.MEMBER)) && inTeam(p, team.id()));
    }

    /** A user record. Users read themselves; team admins read and manage the members and team admins of their team. */
    void user(AdminPrincipal p, User user, Op op) {
        boolean allowed = op == Op.READ ? canRead(p, user)
                : hasRole(p, Role.ORG_ADMIN) || managesTeamUser(p, user.role(), user.teamId());
        allow(p, user.orgId(), allowed);
    }

    /** Giving someone a role (creating or changing a user): team admins may only give member or team_admin in their own team. */
    void grant(AdminPrincipal p, String orgId, Role role, String teamId) {
        allow(p, orgId, hasRole(p, Role.ORG_ADMIN) || managesTeamUser(p, role, teamId));
    }

    /** Reading a key; changing its settings, budgets or limits (not for members). */
    void key(AdminPrincipal p, ApiKey key, Op op) {
        boolean allowed = op == Op.READ ? canRead(p, key)
                : hasRole(p, Role.ORG_ADMIN) || hasRole(p, Role.TEAM_ADMIN) && inTeam(p, key.teamId());
        allow(p, key.orgId(), allowed);
    }

    /** Revoking a key: whoever may change it, and a member their own. */
    void revoke(AdminPrincipal p, ApiKey key) {
        allow(p, key.orgId(), hasRole(p, Role.ORG_ADMIN) || hasRole(p, Role.TEAM_ADMIN) && inTeam(p, key.teamId()) || owns(p, key));
    }

    /** Whether a listing shows the team to {@code p} (org readers see all; team roles their own). */
    boolean canRead(AdminPrincipal p, Team team) {
        return inOrg(p, team.orgId()) && (readsOrg(p) || inTeam(p, team.id()));
    }

    boolean canRead(AdminPrincipal p, User user) {
        return inOrg(p, user.orgId()) && (readsOrg(p) || hasRole(p, Role.TEAM_ADMIN) && inTeam(p, user.teamId())
                || p instanceof OrgRole r && user.id().equals(r.userId()));
    }

    boolean canRead(AdminPrincipal p, ApiKey key) {
        return inOrg(p, key.orgId()) && (readsOrg(p) || hasRole(p, Role.TEAM_ADMIN) && inTeam(p, key.teamId()) || owns(p, key));
    }

    /** Whether {@code p} sees this organisation's entries in the audit log; null org means platform-wide entries. */
    boolean inOrg(AdminPrincipal p, String orgId) {
        return switch (p) {
            case PlatformAdmin admin -> true;
            case OrgRole role -> role.orgId().equals(orgId);
        };
    }

    private static boolean readsOrg(AdminPrincipal p) {
        return hasRole(p, Role.ORG_ADMIN) || hasRole(p, Role.AUDITOR);
    }

    private static boolean managesTeamUser(AdminPrincipal p, Role role, String teamId) {
        return hasRole(p, Role.TEAM_ADMIN) && inTeam(p, teamId) && (role == Role.MEMBER || role == Role.TEAM_ADMIN);
    }

    private static boolean owns(AdminPrincipal p, ApiKey key) {
        return p instanceof OrgRole r && r.userId() != null && r.userId().equals(key.userId()) && Objects.equals(r.teamId(), key.teamId());
    }

    /** True for a platform admin (who holds every role) or the given role. */
    private static boolean hasRole(AdminPrincipal p, Role role) {
        return switch (p) {
            case PlatformAdmin admin -> true;
            case OrgRole r -> r.role() == role;
        };
    }

    private static boolean inTeam(AdminPrincipal p, String teamId) {
        return switch (p) {
            case PlatformAdmin admin -> true;
            case OrgRole r -> r.teamId() != null && r.teamId().equals(teamId);
        };
    }

    private void allow(AdminPrincipal p, String orgId, boolean allowed) {
        if (!inOrg(p, orgId)) {
            throw notFound();
        }
        if (!allowed) {
            throw forbidden("Your role does not allow this.");
        }
    }

    static GatewayException.NotFound notFound() {
        return new GatewayException.NotFound("The resource does not exist or is outside your organisation.");
    }

    private static GatewayException.Forbidden forbidden(String message) {
        return new GatewayException.Forbidden(message);
    }
}
