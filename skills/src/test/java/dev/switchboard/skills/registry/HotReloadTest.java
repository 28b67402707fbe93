package dev.switchboard.skills.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.skills.Skill;
import dev.switchboard.skills.SkillFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Skills under skills.paths are picked up, changed and dropped while the registry runs. */
class HotReloadTest {
    @TempDir
    Path root;

    @Test
    void a_skill_added_edited_or_removed_on_disk_is_seen_without_a_restart() throws Exception {
        SkillFolders.valid(root, "first");
        try (SkillRegistry registry = SkillRegistry.open(new SkillRegistry.Settings(List.of(root), true, null, true, null))) {
            Semaphore reloads = new Semaphore(0);
            registry.onChange(reloads::release);
            assertThat(registry.visibleTo(null)).extracting(Skill::name).contains("first", "cited-answer").doesNotContain("second");

            change(reloads, () -> SkillFolders.valid(root, "second"), () -> registry.find(null, "second").isPresent());
            change(reloads, () -> SkillFolders.skill(root, "second", "name: second\ndescription: Edited.", "Body"),
                    () -> registry.find(null, "second").orElseThrow().description().equals("Edited."));
            change(reloads, () -> {
                Files.delete(root.resolve("first/SKILL.md"));
                return Files.deleteIfExists(root.resolve("first"));
            }, () -> registry.find(null, "first").isEmpty());
        }
    }

    /** Makes the change, then waits reload by reload (a late reload of an earlier change may come first) until it shows. */
    private static void change(Semaphore reloads, Callable<?> change, BooleanSupplier seen) throws Exception {
        change.call();
        while (!seen.getAsBoolean()) {
            assertThat(reloads.tryAcquire(20, TimeUnit.SECONDS)).as("a reload after the change").isTrue();
        }
    }
}
