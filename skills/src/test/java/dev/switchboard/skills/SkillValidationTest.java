package dev.switchboard.skills;

import static dev.switchboard.skills.SkillFolders.skill;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict validation reports every fault with file, line and field; lenient loading keeps what is usable. */
class SkillValidationTest {
    @TempDir
    Path root;

    private static List<String> errors(Path dir) {
        return SkillLoader.validate(dir).stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
    }

    @Test
    void a_skill_following_the_specification_has_no_fault_and_loads_with_every_field() {
        Path dir = skill(root, "pdf-processing", """
                name: pdf-processing
                description: Extract PDF text, fill forms, merge files. Use when handling PDFs.
                license: Apache-2.0
                compatibility: Requires Python 3.14+ and uv
                metadata:
                  author: example-org
                  version: "1.0"
                allowed-tools: Bash(git:*) Bash(jq:*) Read
                """, "# PDF\n\nDo it.\n");
        assertThat(SkillLoader.validate(dir)).isEmpty();
        Skill skill = SkillLoader.load(dir, Origin.configured("x")).skill().orElseThrow();
        assertThat(skill.name()).isEqualTo("pdf-processing");
        assertThat(skill.license()).isEqualTo("Apache-2.0");
        assertThat(skill.compatibility()).isEqualTo("Requires Python 3.14+ and uv");
        assertThat(skill.metadata()).containsEntry("author", "example-org").containsEntry("version", "1.0");
        assertThat(skill.allowedTools()).containsExactly("Bash(git:*)", "Bash(jq:*)", "Read");
        assertThat(SkillFolder.body(skill)).isEqualTo("# PDF\n\nDo it.");
    }

    @Test
    void each_rule_of_the_name_is_reported_at_the_name_line() {
        assertThat(errors(skill(root, "a", "description: d\nname: PDF-Processing", "")))
                .containsExactly(root.resolve("a/SKILL.md") + ":3: error: name: must be lowercase (is 'PDF-Processing')");
        assertThat(errors(skill(root, "b", "name: -pdf\ndescription: d", "")))
                .anySatisfy(e -> assertThat(e).endsWith(":2: error: name: must not start or end with a hyphen (is '-pdf')"));
        assertThat(errors(skill(root, "c", "name: pdf--processing\ndescription: d", "")))
                .anySatisfy(e -> assertThat(e).contains("name: must not contain consecutive hyphens"));
        assertThat(errors(skill(root, "d", "name: pdf_processing\ndescription: d", "")))
                .anySatisfy(e -> assertThat(e).contains("may only contain lowercase letters a-z, digits and hyphens"));
        assertThat(errors(skill(root, "e", "name: " + "x".repeat(65) + "\ndescription: d", "")))
                .anySatisfy(e -> assertThat(e).contains("name: must be at most 64 characters (has 65)"));
    }

    @Test
    void a_name_that_differs_from_its_folder_fails_strictly_but_loads_leniently_with_a_warning() {
        Path dir = skill(root, "data-analysis", "name: data-analytics\ndescription: Analyse data.", "Body");
        assertThat(errors(dir)).containsExactly(dir.resolve("SKILL.md")
                + ":2: error: name: must match its folder's name 'data-analysis' (is 'data-analytics')");
        SkillLoader.Loaded loaded = SkillLoader.load(dir, Origin.configured("x"));
        assertThat(loaded.skill()).map(Skill::name).contains("data-analytics");
        assertThat(loaded.diagnostics()).extracting(Diagnostic::severity).containsOnly(Diagnostic.Severity.WARNING);
    }

    @Test
    void a_missing_or_empty_description_is_an_error_and_the_skill_is_skipped() {
        Path missing = skill(root, "no-description", "name: no-description", "Body");
        assertThat(errors(missing)).containsExactly(missing.resolve("SKILL.md") + ":1: error: description: is required");
        assertThat(SkillLoader.load(missing, Origin.configured("x")).skill()).isEmpty();
        Path empty = skill(root, "empty", "name: empty\ndescription: \"\"", "Body");
        assertThat(errors(empty)).containsExactly(empty.resolve("SKILL.md") + ":3: error: description: must not be empty");
        assertThat(SkillLoader.load(empty, Origin.configured("x")).skill()).isEmpty();
    }

    @Test
    void oversize_description_and_compatibility_name_their_limits_and_lengths() {
        Path dir = skill(root, "big", "name: big\ndescription: " + "d".repeat(1025) + "\ncompatibility: " + "c".repeat(501), "Body");
        assertThat(errors(dir)).containsExactly(
                dir.resolve("SKILL.md") + ":3: error: description: must be at most 1024 characters (has 1025)",
                dir.resolve("SKILL.md") + ":4: error: compatibility: must be 1-500 characters (has 501)");
        assertThat(SkillLoader.load(dir, Origin.configured("x")).skill()).isPresent();
    }

    @Test
    void malformed_frontmatter_names_the_file_and_line_and_the_skill_is_skipped() {
        Path unclosed = skill(root, "unclosed", "", "").resolve("SKILL.md");
        SkillFolders.write(root.resolve("unclosed"), "SKILL.md", "---\nname: unclosed\ndescription: d\n# no closing line\n");
        assertThat(errors(unclosed.getParent())).containsExactly(unclosed + ":1: error: the frontmatter opened on line 1 is never closed by a '---' line");
        SkillFolders.write(root.resolve("no-frontmatter"), "SKILL.md", "# Just markdown\n");
        assertThat(errors(root.resolve("no-frontmatter"))).singleElement().asString()
                .contains("SKILL.md:1: error: must start with YAML frontmatter");
        Path broken = skill(root, "broken", "name: broken\ndescription: [unclosed\nlicense: x", "Body");
        assertThat(errors(broken)).singleElement().asString().contains("broken/SKILL.md:").contains("invalid YAML");
        assertThat(SkillLoader.load(broken, Origin.configured("x")).skill()).isEmpty();
        Path list = skill(root, "list", "- name: list", "Body");
        assertThat(errors(list)).singleElement().asString().contains(":2: error: the frontmatter must be a YAML mapping");
    }

    @Test
    void an_unquoted_colon_is_read_as_text_with_an_error_at_its_line_as_the_client_guide_advises() {
        Path dir = skill(root, "colon", "name: colon\ndescription: Use this skill when: the user asks about PDFs", "Body");
        assertThat(errors(dir)).containsExactly(dir.resolve("SKILL.md")
                + ":3: error: description: invalid YAML: an unquoted value containing ': ' (read as text; put the value in quotes)");
        assertThat(SkillLoader.load(dir, Origin.configured("x")).skill()).map(Skill::description)
                .contains("Use this skill when: the user asks about PDFs");
    }

    @Test
    void metadata_must_map_strings_to_strings_and_unknown_fields_are_named() {
        Path dir = skill(root, "meta", "name: meta\ndescription: d\nmetadata:\n  version: 1.0\n  tags: [a, b]\nversion: 2", "Body");
        assertThat(errors(dir)).containsExactly(
                dir.resolve("SKILL.md") + ":7: error: version: is not a field of the specification (expected one of allowed-tools, "
                        + "compatibility, description, license, metadata, name); it is ignored — put extra properties under 'metadata'",
                dir.resolve("SKILL.md") + ":5: error: metadata.version: must be a string: quote it (\"1.0\")",
                dir.resolve("SKILL.md") + ":6: error: metadata.tags: must be a string, not a list; it is ignored");
        assertThat(SkillLoader.load(dir, Origin.configured("x")).skill().orElseThrow().metadata()).containsExactly(java.util.Map.entry("version", "1.0"));
    }

    @Test
    void a_field_given_twice_is_an_error_at_the_second() {
        Path dir = skill(root, "twice", "name: twice\ndescription: first\ndescription: second", "Body");
        assertThat(errors(dir)).containsExactly(dir.resolve("SKILL.md") + ":4: error: description: appears twice (first on line 3); the first is used");
    }

    @Test
    void a_symbolic_link_out_of_the_skill_and_a_link_climbing_out_are_errors_naming_the_path() throws Exception {
        Path secret = Files.writeString(root.resolve("secret.txt"), "s3cr3t");
        Path dir = skill(root, "linked", "name: linked\ndescription: d", "See [x](../secret.txt) and [y](references/missing.md).\n");
        Files.createDirectories(dir.resolve("references"));
        Files.createSymbolicLink(dir.resolve("references/leak.txt"), secret);
        List<Diagnostic> faults = SkillLoader.validate(dir);
        assertThat(faults.stream().filter(Diagnostic::isError).map(Diagnostic::toString)).containsExactlyInAnyOrder(
                dir.resolve("SKILL.md") + ":5: error: ../secret.txt: links outside the skill folder; use a path relative to the skill's root",
                dir.resolve("references/leak.txt") + ": error: references/leak.txt: is a symbolic link out of the skill folder; it is never served");
        assertThat(faults).anySatisfy(d -> assertThat(d.toString()).contains("warning: references/missing.md: links to a file the skill does not have"));
    }

    @Test
    void a_folder_without_SKILL_md_or_with_it_in_another_case_is_named() throws Exception {
        Files.createDirectories(root.resolve("empty"));
        assertThat(errors(root.resolve("empty"))).singleElement().asString().contains("SKILL.md: error: is missing");
        SkillFolders.write(root.resolve("lower"), "skill.md", "---\nname: lower\ndescription: d\n---\n");
        assertThat(errors(root.resolve("lower"))).singleElement().asString().contains("skill.md: error: must be named exactly SKILL.md");
    }

    @Test
    void a_body_over_500_lines_is_a_warning_not_an_error() {
        Path dir = skill(root, "long", "name: long\ndescription: d", "line\n".repeat(600));
        assertThat(errors(dir)).isEmpty();
        assertThat(SkillLoader.validate(dir)).singleElement().asString().contains("warning: has 604 lines; the specification recommends under 500");
    }

    @Test
    void discovery_finds_skill_folders_below_a_root_and_skips_tool_folders() throws Exception {
        SkillFolders.valid(root, "one");
        SkillFolders.valid(root.resolve("group"), "two");
        SkillFolders.valid(root.resolve("node_modules"), "three");
        Files.writeString(root.resolve("README.md"), "not a skill");
        assertThat(SkillLoader.discover(root)).containsExactly(root.resolve("group/two"), root.resolve("one"));
        assertThat(SkillLoader.discover(root.resolve("one"))).containsExactly(root.resolve("one"));
    }
}
