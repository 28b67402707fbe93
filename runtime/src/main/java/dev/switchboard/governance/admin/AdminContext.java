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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every admin resource's routes share: the governance stores, the access policy, lookups
 * that answer 404 for an unknown id, and {@link #change}, the one way a route changes anything.
 *
 * <p>A change and its audit entry are one transaction: the store's writes join it (see
 * {@link dev.switchboard.governance.store.Jdbc}), then the audit log appends the entry, then both
 * commit — or, if anything fails, neither does, and the request fails with nothing changed. A key
 * whose creation was not audited therefore never exists, nor does an entry for a change that was
 * not made.
 */
final class AdminContext {
    final Governance governance;
    final IdentityStore identities;
    final Access access = new Access();

    AdminContext(Governance governance) {
        this.governance = governance;
        this.identities = governance.identities();
    }

    /**
     * Makes a change: runs {@code write}, appends the audit entry {@code audit} makes of its result,
     * commits both in one transaction, then tells the gateway's caches that governance state changed.
     *
     * @param audit the entry recording the change; null when the write turned out to change nothing
     * @return what {@code write} returned
     */
    <T> T change(Supplier<T> write, Function<T, AuditEntry> audit) {
        T result = governance.jdbc().inTransaction(c -> {
            T written = write.get();
            AuditEntry entry = audit.apply(written);
            if (entry != null) {
                governance.audit().append(entry);
            }
            return written;
        });
        governance.changed();
        return result;
    }

    /** The audit entry of a change {@code principal} made. */
    static AuditEntry entry(AdminPrincipal principal, String action, String orgId, String target, Map<String, ?> detail) {
        return new AuditEntry(orgId, principal.subject(), action, target, detail);
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
