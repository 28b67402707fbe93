package dev.switchboard.skills;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Skills written for other agent tools load here unchanged (fixtures in src/test/resources/third-party). */
class ThirdPartySkillsTest {
    private static final Path FOLDER = Path.of("src/test/resources/third-party");

    @Test
    void a_folder_of_third_party_skills_loads_unchanged() throws Exception {
        List<Path> found = SkillLoader.discover(FOLDER);
        assertThat(found).extracting(p -> p.getFileName().toString())
                .containsExactly("brand-guidelines", "mcp-server-builder", "pdf-processing", "release-notes", "webapp-testing");
        for (Path dir : found) {
            SkillLoader.Loaded loaded = SkillLoader.load(dir, Origin.configured(FOLDER.toString()));
            assertThat(loaded.skill()).as(dir.toString()).isPresent();
            assertThat(loaded.skill().get().name()).isEqualTo(dir.getFileName().toString());
        }
        Skill webapp = SkillLoader.load(FOLDER.resolve("webapp-testing"), Origin.configured("x")).skill().orElseThrow();
        assertThat(webapp.compatibility()).startsWith("Requires Python 3.10+");
        assertThat(webapp.allowedTools()).containsExactly("Bash(python:*)", "Read");
    }

    @Test
    void the_clean_ones_pass_strict_validation_and_the_hand_written_colon_is_reported_precisely() {
        for (String clean : List.of("brand-guidelines", "mcp-server-builder", "pdf-processing", "webapp-testing")) {
            assertThat(SkillLoader.validate(FOLDER.resolve(clean))).as(clean).isEmpty();
        }
        assertThat(SkillLoader.validate(FOLDER.resolve("release-notes"))).singleElement().asString()
                .isEqualTo(FOLDER.resolve("release-notes/SKILL.md")
                        + ":3: error: description: invalid YAML: an unquoted value containing ': ' (read as text; put the value in quotes)");
        assertThat(SkillLoader.load(FOLDER.resolve("release-notes"), Origin.configured("x")).diagnostics())
                .extracting(Diagnostic::severity).containsOnly(Diagnostic.Severity.WARNING);
    }
}
