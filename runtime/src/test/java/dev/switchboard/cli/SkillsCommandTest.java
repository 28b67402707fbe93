package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard skills validate} and {@code switchboard skills list}, as a user runs them. */
class SkillsCommandTest {
    private final Cli cli = new Cli();

    @TempDir
    Path dir;

    private Path skill(String folder, String frontmatter) throws Exception {
        Path skill = Files.createDirectories(dir.resolve(folder));
        Files.writeString(skill.resolve("SKILL.md"), "---\n" + frontmatter + "\n---\n# Body\n");
        return skill;
    }

    @Test
    void validate_prints_each_fault_as_file_line_field_and_exits_1() throws Exception {
        skill("good", "name: good\ndescription: Does good things.");
        skill("bad", "name: Bad\ndescription: " + "x".repeat(1030));

        int exit = cli.run("skills", "validate", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(cli.out()).contains(
                dir.resolve("bad/SKILL.md") + ":2: error: name: must be lowercase (is 'Bad')",
                dir.resolve("bad/SKILL.md") + ":3: error: description: must be at most 1024 characters (has 1030)",
                dir.resolve("good") + ": ok",
                "2 skills checked: 2 errors, 0 warnings");
    }

    @Test
    void validate_exits_0_for_valid_skills_and_1_for_a_folder_without_any() throws Exception {
        Path good = skill("good", "name: good\ndescription: Does good things.");
        assertThat(cli.run("skills", "validate", good.toString())).isEqualTo(0);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(new Cli().run("skills", "validate", empty.toString())).isEqualTo(1);
    }

    @Test
    void list_shows_the_library_and_configured_skills_then_what_loading_tolerated() throws Exception {
        skill("release-notes", "name: release-notes\ndescription: Use when: the user asks for release notes");
        Path config = Files.writeString(dir.resolve("switchboard.yaml"), "skills:\n  paths: [\"" + dir + "\"]\n");

        int exit = cli.run("skills", "list", "--config", config.toString());

        assertThat(exit).isEqualTo(0);
        assertThat(cli.out()).containsPattern("cited-answer\\s+library\\s+Write an answer grounded")
                .containsPattern("release-notes\\s+configured\\s+Use when: the user asks for release notes")
                .contains("4 skills")
                .contains(dir.resolve("release-notes/SKILL.md") + ":3: warning: description: invalid YAML");
    }

    @Test
    void list_with_a_missing_folder_is_a_configuration_error() throws Exception {
        Path config = Files.writeString(dir.resolve("switchboard.yaml"), "skills:\n  paths: [/no/such/folder]\n");
        assertThat(cli.run("skills", "list", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("the skills folder /no/such/folder does not exist");
    }
}
