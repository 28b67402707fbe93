package dev.switchboard.governance.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a user may do in the admin API. Each role's reach is checked on every admin endpoint. */
public enum Role {
    /** Everything inside the organisation: teams, users, keys, budgets, limits, credentials, usage, audit. */
    ORG_ADMIN,
    /** Their own team: its keys, users, key budgets and limits, its credentials and usage. */
    TEAM_ADMIN,
    /** Their own keys and their team's usage. */
    MEMBER,
    /** Read-only: everything in the organisation, the audit log included; changes nothing. */
    AUDITOR;

    /** The role's name on the wire and in the database, e.g. {@code org_admin}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }
}
