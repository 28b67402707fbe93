package dev.switchboard.skills;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped skills are valid under strict validation, without even a warning. */
class LibrarySkillsTest {
    @Test
    void every_shipped_skill_passes_strict_validation() throws Exception {
        List<Path> skills = SkillLoader.discover(Path.of("library"));
        assertThat(skills).extracting(p -> p.getFileName().toString()).containsExactly("cited-answer", "diff-review", "ticket-triage");
        for (Path skill : skills) {
            assertThat(SkillLoader.validate(skill)).as(skill.toString()).isEmpty();
        }
    }

    @Test
    void the_packaged_library_is_found_and_loads() {
        Path folder = dev.switchboard.skills.registry.ShippedLibrary.folder().orElseThrow();
        assertThat(SkillLoader.load(folder.resolve("cited-answer"), Origin.library()).skill()).map(Skill::name).contains("cited-answer");
    }
}
