package dev.switchboard.skills.registry;

import dev.switchboard.skills.Diagnostic;
import dev.switchboard.skills.Skill;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An uploaded skill, unpacked and valid, waiting to be installed for its team. The admin API
 * installs it inside the transaction that records the audit entry, and undoes the install when
 * that transaction fails; closing the upload then discards what is left in staging (the archive's
 * files, or the version the install replaced).
 *
 * <p>Not thread-safe: one upload belongs to one request.
 */
public final class Upload implements AutoCloseable {
    private static final Pattern NAME_LINE = Pattern.compile("(?m)^name:\\s*[\"']?([A-Za-z0-9._-]{1,128})[\"']?\\s*$");

    private final SkillRegistry registry;
    private final String teamId;
    private final Skill skill;
    private final Path staging;
    private final List<Diagnostic> warnings;
    private final Optional<Skill> before;
    private final Skill shadowed;
    private boolean installed;
    private Path replaced;

    Upload(SkillRegistry registry, String teamId, Skill skill, Path staging, List<Diagnostic> warnings, Optional<Skill> before,
           Skill shadowed) {
        this.registry = registry;
        this.teamId = teamId;
        this.skill = skill;
        this.staging = staging;
        this.warnings = List.copyOf(warnings);
        this.before = before.filter(s -> s.origin().kind() == dev.switchboard.skills.Origin.Kind.TEAM);
        this.shadowed = shadowed;
    }

    /** The skill as validated (its folder still in staging until installed). */
    public Skill skill() {
        return skill;
    }

    /** Recommendations the skill does not follow; they do not stop the install. */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    /** Whether the team already had a skill of this name, which the install replaces. */
    public boolean replaces() {
        return before.isPresent();
    }

    /** The shared skill (library or configured) this team's skill will hide from the team; null for none. */
    public Skill shadows() {
        return shadowed;
    }

    /** Puts the skill in place for its team and reloads the team's skills. */
    public void install() {
        if (installed) {
            throw new IllegalStateException("installed already");
        }
        try {
            replaced = registry.install(teamId, skill.directory(), skill.name(), staging.resolve("previous"));
            installed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the skill " + skill.name(), e);
        }
    }

    /** Reverses {@link #install}: the team's skills are as they were before. */
    public void undo() {
        if (!installed) {
            return;
        }
        try {
            registry.undo(teamId, skill.name(), replaced);
            installed = false;
            replaced = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot undo the install of " + skill.name(), e);
        }
    }

    /** Discards the staging folder: the upload's files if never installed, the replaced version if installed. */
    @Override
    public void close() {
        SkillRegistry.deleteTree(staging);
    }

    /** The name a SKILL.md at the root of an archive declares, for the folder it is installed in. */
    static String declaredName(Path unpacked, Path shown) throws IOException {
        Path file = unpacked.resolve(Skill.FILE);
        String head = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int end = head.indexOf("\n---", 3);
        Matcher m = NAME_LINE.matcher(end > 0 ? head.substring(0, end) : head);
        if (!m.find() || m.group(1).equals(".") || m.group(1).equals("..")) {
            throw SkillRejected.because(shown.resolve(Skill.FILE), "name", "is required, as a plain name such as pdf-processing"
                    + " (the archive's files are at its root, so the name decides the skill's folder)");
        }
        return m.group(1);
    }
}
