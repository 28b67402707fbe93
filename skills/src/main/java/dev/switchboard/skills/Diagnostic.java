package dev.switchboard.skills;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One fault found in a skill, where it is: the file, the line (0 when the fault belongs to no
 * line, such as a missing file), the frontmatter field or path it concerns, and what is wrong, in
 * the specification's words where it has them.
 *
 * @param severity whether the fault stops the skill from loading ({@link Severity#ERROR}) or is
 *                 only reported ({@link Severity#WARNING})
 * @param file     the file at fault, e.g. {@code pdf/SKILL.md}
 * @param line     1-based line in {@code file}; 0 for none
 * @param field    the frontmatter field ({@code name}, {@code metadata.version}) or the path inside the
 *                 skill ({@code references/../x}) the fault concerns; null for the file as a whole
 * @param message  what is wrong and, where it helps, how to fix it
 */
public record Diagnostic(Severity severity, Path file, int line, String field, String message) {

    /** How much a fault matters. */
    public enum Severity {
        /** Breaks the specification; strict validation fails on it. */
        ERROR,
        /** Against a recommendation of the specification, or an error that lenient loading tolerated. */
        WARNING
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    public static Diagnostic error(Path file, int line, String field, String message) {
        return new Diagnostic(Severity.ERROR, file, line, field, message);
    }

    public static Diagnostic warning(Path file, int line, String field, String message) {
        return new Diagnostic(Severity.WARNING, file, line, field, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same fault, tolerated: what lenient loading reports for an error it loaded the skill despite. */
    public Diagnostic tolerated() {
        return new Diagnostic(Severity.WARNING, file, line, field, message);
    }

    /** The same fault, reported against another path (e.g. the upload's name rather than a staging folder). */
    public Diagnostic relativeTo(Path base, Path shownAs) {
        Path shown = file.startsWith(base) ? shownAs.resolve(base.relativize(file)) : file;
        return new Diagnostic(severity, shown, line, field, message);
    }

    /** {@code file:line: error: field: message}, the form compilers use, so editors can jump to it. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": "
                + (field == null ? "" : field + ": ") + message;
    }
}
