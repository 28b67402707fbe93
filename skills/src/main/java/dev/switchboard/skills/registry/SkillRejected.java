package dev.switchboard.skills.registry;

import dev.switchboard.skills.Diagnostic;
import java.util.List;

/**
 * An uploaded skill that was refused, with every reason: each names the file inside the archive
 * and, for frontmatter faults, the line and field. Nothing of a refused upload is installed.
 */
public final class SkillRejected extends RuntimeException {
    private final List<Diagnostic> diagnostics;
    private final boolean tooLarge;

    SkillRejected(String summary, List<Diagnostic> diagnostics, boolean tooLarge) {
        super(summary);
        this.diagnostics = List.copyOf(diagnostics);
        this.tooLarge = tooLarge;
    }

    static SkillRejected because(java.nio.file.Path where, String field, String message) {
        return new SkillRejected(where + ": " + (field == null ? "" : field + ": ") + message,
                List.of(Diagnostic.error(where, 0, field, message)), false);
    }

    static SkillRejected tooLarge(java.nio.file.Path where, String message) {
        return new SkillRejected(where + ": " + message, List.of(Diagnostic.error(where, 0, null, message)), true);
    }

    /** The faults, each with file (inside the archive), line and field. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Whether the archive was refused for its size (compressed or expanded) rather than its content. */
    public boolean tooLarge() {
        return tooLarge;
    }
}
