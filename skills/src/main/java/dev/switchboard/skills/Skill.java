package dev.switchboard.skills;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded skill: its frontmatter and where its folder is. The body of {@code SKILL.md} is not
 * held: it is read when an agent activates the skill ({@link SkillFolder#body}), so a skill edited
 * on disk is served as it now is, and a registry of many skills holds only their catalog entries.
 *
 * @param name          the skill's name, unique within what one caller sees
 * @param description   what it does and when to use it: the catalog entry a model chooses by
 * @param license       a licence name or a bundled licence file; null when not given
 * @param compatibility environment requirements; null when not given
 * @param metadata      extra string properties; empty when not given
 * @param allowedTools  tools the skill says it may use ({@code allowed-tools}, experimental); empty when not given
 * @param directory     the skill's folder (the parent of its {@code SKILL.md})
 * @param origin        where it came from
 */
public record Skill(String name, String description, String license, String compatibility, Map<String, String> metadata,
                    List<String> allowedTools, Path directory, Origin origin) {

    /** The file every skill is defined by. */
    public static final String FILE = "SKILL.md";

    public Skill {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(origin, "origin");
    }

    /** The skill's {@code SKILL.md}. */
    public Path file() {
        return directory.resolve(FILE);
    }
}
