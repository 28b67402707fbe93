package dev.switchboard.governance.identity;

import java.time.Instant;

/**
 * A person with a role in an organisation.
 *
 * @param teamId the team a {@code team_admin} or {@code member} belongs to; null for org-wide roles
 */
public record User(String id, String orgId, String email, Role role, String teamId, Instant createdAt) {
}
