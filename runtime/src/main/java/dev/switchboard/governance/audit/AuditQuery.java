package dev.switchboard.governance.audit;

import java.time.Instant;

/**
 * A page of the audit log, oldest first. Every filter is optional (null).
 *
 * @param orgId    only entries of this organisation; null for all (a platform admin's view)
 * @param from     entries at or after this time
 * @param to       entries before this time
 * @param afterSeq the cursor: entries after this sequence number
 * @param limit    most entries returned
 */
public record AuditQuery(String orgId, Instant from, Instant to, String action, String actor, Long afterSeq, int limit) {
    public AuditQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }
}
