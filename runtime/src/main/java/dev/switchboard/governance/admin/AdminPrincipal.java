package dev.switchboard.governance.admin;

import dev.switchboard.governance.identity.Role;

/**
 * Who is calling the admin API, as established by sign-in: the bootstrap admin of the whole
 * platform, or someone holding a role in one organisation. {@link #subject()} names them in the
 * audit log.
 */
public sealed interface AdminPrincipal {
    /** Who acted, as recorded in the audit log: {@code bootstrap-admin}, {@code user:<id>} or {@code oidc:<subject>}. */
    String subject();

    /** Signed in with the bootstrap key: may do everything, including creating organisations. */
    record PlatformAdmin(String subject) implements AdminPrincipal {
    }

    /**
     * A role in one organisation.
     *
     * @param teamId the team a {@code team_admin} or {@code member} acts in; null for org-wide roles
     * @param userId the user the caller is, when known (always for a user's key; for OIDC when the
     *               token's e-mail matches a user of the organisation); keys a member creates are bound to it
     */
    record OrgRole(String subject, String orgId, Role role, String teamId, String userId) implements AdminPrincipal {
    }
}
