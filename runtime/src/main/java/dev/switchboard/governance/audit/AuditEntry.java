package dev.switchboard.governance.audit;

import java.util.Map;

/**
 * Something to record in the audit log, before it is placed in the chain.
 *
 * @param orgId  the organisation the action concerns; null for none
 * @param actor  who acted (see {@link AuditRecord#actor()})
 * @param action {@code <resource>.<verb>}, e.g. {@code team.update}
 * @param target the id acted on; null for none
 * @param detail small facts about the change, stored as a JSON object; must never hold a secret
 */
public record AuditEntry(String orgId, String actor, String action, String target, Map<String, ?> detail) {
    public AuditEntry {
        if (actor == null || action == null) {
            throw new IllegalArgumentException("an audit entry needs an actor and an action");
        }
        detail = detail == null ? Map.of() : detail;
    }

    /** The actor of entries for requests that did not authenticate. */
    public static final String ANONYMOUS = "anonymous";

    /** The action recorded for a failed sign-in, on the admin API or the gateway API. */
    public static final String AUTH_FAILURE = "auth.failure";
}
