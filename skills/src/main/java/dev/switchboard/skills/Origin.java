package dev.switchboard.skills;

import java.util.Objects;

/**
 * Where a skill came from, which decides who sees it and which of two skills of the same name wins.
 *
 * @param kind   the source
 * @param teamId the team an uploaded skill belongs to; null for every other kind
 * @param root   the folder the skill was found in, as configured or shipped, for listings
 */
public record Origin(Kind kind, String teamId, String root) {

    /** Sources in increasing precedence: a later kind shadows an earlier one's skill of the same name. */
    public enum Kind {
        /** Shipped with Switchboard. */
        LIBRARY,
        /** Found under a folder of {@code skills.paths}. */
        CONFIGURED,
        /** Uploaded through the admin API, visible to one team. */
        TEAM
    }

    public Origin {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.TEAM) != (teamId != null)) {
            throw new IllegalArgumentException("a team id belongs to uploaded skills, and only to them");
        }
    }

    public static Origin library() {
        return new Origin(Kind.LIBRARY, null, "library");
    }

    public static Origin configured(String root) {
        return new Origin(Kind.CONFIGURED, null, root);
    }

    public static Origin team(String teamId) {
        return new Origin(Kind.TEAM, teamId, "team " + teamId);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LIBRARY -> "library";
            case CONFIGURED -> root;
            case TEAM -> "team " + teamId;
        };
    }
}
