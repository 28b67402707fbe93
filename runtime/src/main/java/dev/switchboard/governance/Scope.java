package dev.switchboard.governance;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a budget or a rate limit is set on. */
public enum Scope {
    ORG, TEAM, KEY;

    /** The scope's name on the wire and in the database, e.g. {@code team}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
