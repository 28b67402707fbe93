package dev.switchboard.governance.admin;

import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.Governance;
import dev.switchboard.governance.audit.AuditEntry;
import dev.switchboard.governance.identity.ApiKey;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.identity.Org;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.governance.identity.User;
import dev.switchboard.governance.store.StoreException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every admin resource's routes share: the governance stores, the access policy, lookups
 * that answer 404 for an unknown id, and {@link #committed}, the step after every change.
 *
 * <p>A change and its audit entry are two transactions: the stores own theirs, and the audit log
 * serialises its appends. A change is audited right after it commits; if the audit append fails,
 * the request fails with a 500 and the change stands unaudited, which the operator sees in the log.
 */
final class AdminContext {
    final Governance governance;
    final IdentityStore identities;
    final Access access = new Access();

    AdminContext(Governance governance) {
        this.governance = governance;
        this.identities = governance.identities();
    }

    /** Records a committed change in the audit log and tells the gateway's caches that governance state changed. */
    void committed(AdminPrincipal principal, String action, String orgId, String target, Map<String, ?> detail) {
        governance.audit().append(new AuditEntry(orgId, principal.subject(), action, target, detail));
        governance.changed();
    }

    Org org(String id) {
        return identities.org(id).orElseThrow(Access::notFound);
    }

    Team team(String id) {
        return identities.team(id).orElseThrow(Access::notFound);
    }

    User user(String id) {
        return identities.user(id).orElseThrow(Access::notFound);
    }

    ApiKey key(String id) {
        return identities.key(id).orElseThrow(Access::notFound);
    }

    /** Runs a write whose unique constraint may refuse it, turning the refusal into a 409 with {@code conflict} as the message. */
    static <T> T unique(Supplier<T> write, String conflict) {
        try {
            return write.get();
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                throw new GatewayException.Conflict(conflict);
            }
            throw e;
        }
    }
}
