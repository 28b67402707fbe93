package dev.switchboard.skills.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.skills.Skill;
import dev.switchboard.skills.SkillFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploaded archives: installed per team when valid; refused whole, naming file and field, when not. */
class SkillUploadTest {
    @TempDir
    Path root;
    private SkillRegistry registry;
    private Path uploads;

    @BeforeEach
    void open() {
        uploads = root.resolve("uploads");
        SkillFolders.valid(root.resolve("shared"), "shared-one");
        registry = SkillRegistry.open(new SkillRegistry.Settings(List.of(root.resolve("shared")), false, uploads, false, null));
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private void install(String team, byte[] zip) {
        try (Upload upload = registry.stage(team, zip, "upload.zip")) {
            upload.install();
        }
    }

    /** Every file under uploads other than the installed skills: staging must be empty after any upload. */
    private List<Path> leftovers() throws Exception {
        try (var files = Files.walk(uploads)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().contains(".staging")).toList();
        }
    }

    @Test
    void an_uploaded_skill_is_visible_to_its_team_only() {
        install("team_a", Zips.skill("report-writer"));
        assertThat(registry.visibleTo("team_a")).extracting(Skill::name).containsExactly("report-writer", "shared-one");
        assertThat(registry.visibleTo("team_b")).extracting(Skill::name).containsExactly("shared-one");
        assertThat(registry.visibleTo(null)).extracting(Skill::name).containsExactly("shared-one");
        assertThat(registry.find("team_b", "report-writer")).isEmpty();
    }

    @Test
    void an_archive_with_SKILL_md_at_its_root_is_installed_under_its_declared_name() {
        install("team_a", Zips.of(Map.of("SKILL.md", "---\nname: rooted\ndescription: d\n---\nBody\n")));
        assertThat(registry.find("team_a", "rooted")).map(s -> s.directory().getFileName().toString()).contains("rooted");
    }

    @Test
    void uploading_again_replaces_and_undo_restores_the_previous_version() throws Exception {
        install("team_a", Zips.skill("notes"));
        byte[] second = Zips.of(Map.of("notes/SKILL.md", "---\nname: notes\ndescription: Second version.\n---\nBody 2\n"));
        try (Upload upload = registry.stage("team_a", second, "notes.zip")) {
            assertThat(upload.replaces()).isTrue();
            upload.install();
            assertThat(registry.find("team_a", "notes").orElseThrow().description()).isEqualTo("Second version.");
            upload.undo();
        }
        assertThat(registry.find("team_a", "notes").orElseThrow().description()).startsWith("Does notes things");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void a_team_skill_shadows_a_shared_one_of_the_same_name_for_that_team_only() {
        install("team_a", Zips.of(Map.of("shared-one/SKILL.md", "---\nname: shared-one\ndescription: The team's own.\n---\nB\n")));
        assertThat(registry.find("team_a", "shared-one").orElseThrow().description()).isEqualTo("The team's own.");
        assertThat(registry.find("team_b", "shared-one").orElseThrow().description()).startsWith("Does shared-one");
    }

    @Test
    void removing_a_skill_takes_it_away_from_its_team() {
        install("team_a", Zips.skill("gone"));
        assertThat(registry.remove("team_a", "gone")).isTrue();
        assertThat(registry.find("team_a", "gone")).isEmpty();
        assertThat(registry.remove("team_a", "gone")).isFalse();
    }

    private SkillRejected rejected(byte[] zip) throws Exception {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> registry.stage("team_a", zip, "upload.zip"));
        assertThat(thrown).isInstanceOf(SkillRejected.class);
        assertThat(registry.uploadedBy("team_a")).isEmpty();
        assertThat(leftovers()).as("nothing partially installed").isEmpty();
        return (SkillRejected) thrown;
    }

    @Test
    void a_path_climbing_out_with_dot_dot_is_refused_naming_the_entry() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("evil/SKILL.md", "---\nname: evil\ndescription: d\n---\n");
        files.put("evil/../../escaped.txt", "x");
        assertThat(rejected(Zips.of(files))).hasMessage("upload.zip: evil/../../escaped.txt: climbs out of the skill's folder with '..'");
        assertThat(root.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void absolute_and_windows_paths_are_refused() throws Exception {
        assertThat(rejected(Zips.of(Map.of("SKILL.md", "x", "/etc/cron.d/job", "x"))).getMessage()).contains("/etc/cron.d/job")
                .contains("an absolute path");
        // Commons Compress reads backslashes as separators: the entry is then refused for its "..".
        assertThat(rejected(Zips.of(Map.of("SKILL.md", "x", "a\\..\\b.txt", "x"))).getMessage()).contains("b.txt").contains("..");
    }

    @Test
    void a_symbolic_link_entry_is_refused_naming_it() throws Exception {
        assertThat(rejected(Zips.withSymlink("linky", "references/passwd", "/etc/passwd")))
                .hasMessage("upload.zip/linky/references/passwd: is a symbolic link; a skill's files must be plain files");
    }

    @Test
    void a_zip_bomb_is_refused_before_it_fills_the_disk() throws Exception {
        SkillRejected e = rejected(Zips.bomb("boom", 60 * 1024 * 1024));
        assertThat(e.tooLarge()).isTrue();
        assertThat(e.getMessage()).startsWith("upload.zip/boom/assets/zeros.bin: ").contains("zip bomb");
    }

    @Test
    void an_archive_over_the_size_limit_or_with_too_many_entries_is_refused() throws Exception {
        registry.close();
        registry = SkillRegistry.open(new SkillRegistry.Settings(List.of(), false, uploads, false, new UploadLimits(1000, 10_000, 3, 100)));
        SkillRejected big = rejected(new byte[2000]);
        assertThat(big.tooLarge()).isTrue();
        assertThat(big.getMessage()).isEqualTo("upload.zip: the archive is 2000 bytes; at most 1000 are accepted");
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            many.put("m/f" + i, "x");
        }
        assertThat(rejected(Zips.of(many)).getMessage()).isEqualTo("upload.zip: the archive holds 4 entries; at most 3 are accepted");
    }

    @Test
    void an_invalid_skill_inside_is_refused_with_every_fault_at_its_line_and_field() throws Exception {
        SkillRejected e = rejected(Zips.of(Map.of("wrong-folder/SKILL.md",
                "---\nname: other-name\ndescription: " + "d".repeat(1100) + "\nmetadata: {v: 1}\n---\nBody\n")));
        assertThat(e.diagnostics()).extracting(Object::toString).containsExactly(
                "upload.zip/wrong-folder/SKILL.md:2: error: name: must match its folder's name 'wrong-folder' (is 'other-name')",
                "upload.zip/wrong-folder/SKILL.md:3: error: description: must be at most 1024 characters (has 1100)",
                "upload.zip/wrong-folder/SKILL.md:4: error: metadata.v: must be a string: quote it (\"1\")");
    }

    @Test
    void malformed_frontmatter_and_archives_that_are_not_zips_are_refused() throws Exception {
        assertThat(rejected(Zips.of(Map.of("m/SKILL.md", "---\nname: m\ndescription: [oops\n---\n"))).getMessage())
                .startsWith("1 fault in upload.zip: upload.zip/m/SKILL.md:").contains("invalid YAML");
        assertThat(rejected("not a zip at all".getBytes()).getMessage()).startsWith("upload.zip: ").contains("not a readable zip archive");
        assertThat(rejected(Zips.of(Map.of("a/x.md", "x", "b/SKILL.md", "x"))).getMessage())
                .isEqualTo("upload.zip/SKILL.md: is missing: an archive holds one skill, with its SKILL.md at the archive's root "
                        + "or in its single top-level folder");
    }

    @Test
    void a_team_id_that_is_not_a_plain_name_is_refused() {
        assertThatThrownBy(() -> registry.stage("../other", Zips.skill("x"), "x.zip")).isInstanceOf(IllegalArgumentException.class);
    }
}
