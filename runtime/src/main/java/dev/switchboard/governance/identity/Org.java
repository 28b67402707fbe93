package dev.switchboard.governance.identity;

import java.time.Instant;

/** An organisation: the outermost boundary of teams, users, keys, budgets and the audit log. */
public record Org(String id, String name, Instant createdAt) {
}
