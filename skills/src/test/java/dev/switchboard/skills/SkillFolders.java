package dev.switchboard.skills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes skill folders for tests. */
public final class SkillFolders {
    private SkillFolders() {
    }

    /** A folder {@code name} under {@code root} with a SKILL.md of {@code frontmatter} (without the --- lines) and {@code body}. */
    public static Path skill(Path root, String name, String frontmatter, String body) {
        return write(root.resolve(name), "SKILL.md", "---\n" + frontmatter + (frontmatter.endsWith("\n") ? "" : "\n") + "---\n" + body);
    }

    /** A valid skill named after its folder. */
    public static Path valid(Path root, String name) {
        return skill(root, name, "name: " + name + "\ndescription: Does " + name + " things. Use when asked for " + name + ".",
                "# " + name + "\n\nStep one. Step two.\n");
    }

    public static Path write(Path dir, String relative, String text) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
