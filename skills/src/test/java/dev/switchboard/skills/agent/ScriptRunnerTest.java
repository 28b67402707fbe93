package dev.switchboard.skills.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.skills.Origin;
import dev.switchboard.skills.Skill;
import dev.switchboard.skills.SkillAccessException;
import dev.switchboard.skills.SkillFolders;
import dev.switchboard.skills.SkillLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A script's limits: time, output, location. */
class ScriptRunnerTest {
    @TempDir
    Path root;

    private Skill skill(String script) {
        Path dir = SkillFolders.skill(root, "s", "name: s\ndescription: d", "Body");
        SkillFolders.write(dir, "scripts/run.sh", script);
        return SkillLoader.load(dir, Origin.configured("x")).skill().orElseThrow();
    }

    @Test
    void a_script_past_its_time_limit_is_killed() {
        ScriptRunner runner = new ScriptRunner(new ScriptLimits(Duration.ofMillis(500), 1000, root.resolve("work")));
        ScriptRunner.Result result = runner.run(skill("echo started\nsleep 30\necho never\n"), "scripts/run.sh", List.of(), null);
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.stdout()).doesNotContain("never");
    }

    @Test
    void a_script_writing_past_its_output_limit_is_killed_and_its_output_cut_at_the_limit() {
        ScriptRunner runner = new ScriptRunner(new ScriptLimits(Duration.ofSeconds(20), 1000, root.resolve("work")));
        ScriptRunner.Result result = runner.run(skill("yes 0123456789\n"), "scripts/run.sh", List.of(), null);
        assertThat(result.truncated()).isTrue();
        assertThat(result.stdout()).hasSize(1000);
    }

    @Test
    void only_files_under_scripts_run_and_standard_input_reaches_the_script() {
        ScriptRunner runner = new ScriptRunner(new ScriptLimits(Duration.ofSeconds(20), 1000, root.resolve("work")));
        Skill skill = skill("read line; echo \"got $line\"\n");
        assertThat(runner.run(skill, "scripts/run.sh", List.of(), "input\n").stdout()).isEqualTo("got input\n");
        assertThatThrownBy(() -> runner.run(skill, "SKILL.md", List.of(), null)).isInstanceOf(SkillAccessException.class)
                .hasMessageContaining("only files under scripts/");
    }
}
