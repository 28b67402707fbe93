package dev.switchboard.skills.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.skills.Origin;
import dev.switchboard.skills.Skill;
import dev.switchboard.skills.SkillFolders;
import dev.switchboard.skills.SkillLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progressive disclosure: names and descriptions up front, bodies and files on demand, scripts only when allowed. */
class SkillToolboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path root;
    private Skill pdf;

    @BeforeEach
    void skills() throws Exception {
        Path dir = SkillFolders.skill(root, "pdf", "name: pdf\ndescription: Work with PDFs <fast> & well.",
                "# PDF\n\nRead references/forms.md first.\n");
        SkillFolders.write(dir, "references/forms.md", "Checkboxes take /Yes.");
        SkillFolders.write(dir, "reference.md", "Root-level reference, as other tools' skills keep it.");
        SkillFolders.write(dir, "scripts/hello.sh", "echo \"hello $1 from $(pwd) key=${OPENAI_API_KEY:-none}\"\nls \"$SKILL_DIR\" >/dev/null\n");
        Files.writeString(root.resolve("outside.txt"), "secret");
        Files.createSymbolicLink(dir.resolve("references/leak.md"), root.resolve("outside.txt"));
        pdf = SkillLoader.load(dir, Origin.configured("x")).skill().orElseThrow();
    }

    private static ObjectNode args(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void the_catalog_lists_names_and_descriptions_only_escaped_and_nothing_when_there_are_no_skills() {
        SkillToolbox toolbox = new SkillToolbox(List.of(pdf), Optional.empty());
        String prompt = toolbox.catalogPrompt().orElseThrow();
        assertThat(prompt).contains("<name>pdf</name>", "<description>Work with PDFs &lt;fast&gt; &amp; well.</description>",
                "call the activate_skill tool").doesNotContain("Read references/forms.md first");
        assertThat(toolbox.tools()).extracting(ToolSpec::name).containsExactly("activate_skill", "read_skill_file");
        assertThat(toolbox.tools().get(0).parameters().path("properties").path("name").path("enum").get(0).asText()).isEqualTo("pdf");
        SkillToolbox none = new SkillToolbox(List.of(), Optional.empty());
        assertThat(none.catalogPrompt()).isEmpty();
        assertThat(none.tools()).isEmpty();
        assertThat(none.handles("activate_skill")).isFalse();
    }

    @Test
    void activating_returns_the_body_and_the_file_list_once() throws Exception {
        SkillToolbox toolbox = new SkillToolbox(List.of(pdf), Optional.empty());
        ToolReply reply = toolbox.call("activate_skill", args("{\"name\":\"pdf\"}"));
        assertThat(reply.error()).isFalse();
        assertThat(reply.text()).startsWith("<skill_content name=\"pdf\">\n# PDF\n\nRead references/forms.md first.")
                .contains("<file>references/forms.md</file>", "<file>reference.md</file>", "<file>scripts/hello.sh</file>")
                .doesNotContain("leak.md").doesNotContain(root.toString());
        assertThat(toolbox.call("activate_skill", args("{\"name\":\"pdf\"}")).text()).contains("already loaded");
    }

    @Test
    void reading_serves_files_inside_the_skill_and_refuses_escapes_with_a_reason() throws Exception {
        SkillToolbox toolbox = new SkillToolbox(List.of(pdf), Optional.empty());
        assertThat(toolbox.call("read_skill_file", args("{\"skill\":\"pdf\",\"path\":\"references/forms.md\"}")))
                .isEqualTo(new ToolReply("Checkboxes take /Yes.", false));
        assertThat(toolbox.call("read_skill_file", args("{\"skill\":\"pdf\",\"path\":\"reference.md\"}")).error()).isFalse();
        assertThat(toolbox.call("read_skill_file", args("{\"skill\":\"pdf\",\"path\":\"../outside.txt\"}")))
                .isEqualTo(new ToolReply("pdf/../outside.txt: '..' is not allowed; paths stay inside the skill's folder.", true));
        assertThat(toolbox.call("read_skill_file", args("{\"skill\":\"pdf\",\"path\":\"references/leak.md\"}")).text())
                .isEqualTo("pdf/references/leak.md: leads outside the skill's folder (a symbolic link); it is not served.");
        assertThat(toolbox.call("read_skill_file", args("{\"skill\":\"pdf\",\"path\":\"/etc/passwd\"}")).error()).isTrue();
        assertThat(toolbox.call("read_skill_file", args("{\"skill\":\"nope\",\"path\":\"a\"}")).text())
                .isEqualTo("There is no skill named 'nope'; available: pdf.");
    }

    @Test
    void scripts_are_not_offered_unless_allowed() throws Exception {
        SkillToolbox toolbox = new SkillToolbox(List.of(pdf), Optional.empty());
        assertThat(toolbox.handles("run_skill_script")).isFalse();
        assertThat(toolbox.call("run_skill_script", args("{\"skill\":\"pdf\",\"path\":\"scripts/hello.sh\"}")).error()).isTrue();
    }

    @Test
    void an_allowed_script_runs_in_its_own_directory_without_the_gateways_environment() throws Exception {
        Path work = root.resolve("work");
        SkillToolbox toolbox = new SkillToolbox(List.of(pdf), Optional.of(new ScriptRunner(
                new ScriptLimits(java.time.Duration.ofSeconds(20), 10_000, work))));
        assertThat(toolbox.tools()).extracting(ToolSpec::name).contains("run_skill_script");
        ToolReply reply = toolbox.call("run_skill_script", args("{\"skill\":\"pdf\",\"path\":\"scripts/hello.sh\",\"args\":[\"world\"]}"));
        assertThat(reply.error()).as(reply.text()).isFalse();
        assertThat(reply.text()).startsWith("exit code 0").contains("hello world from " + work).contains("key=none");
        try (var left = Files.list(work)) {
            assertThat(left).as("the run's working directory is removed").isEmpty();
        }
    }
}
