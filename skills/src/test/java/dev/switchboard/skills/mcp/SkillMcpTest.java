package dev.switchboard.skills.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.skills.Origin;
import dev.switchboard.skills.Skill;
import dev.switchboard.skills.SkillAccessException;
import dev.switchboard.skills.SkillFolders;
import dev.switchboard.skills.SkillLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the MCP hub serves: each skill as a prompt, its files as skill:// resources. */
class SkillMcpTest {
    @TempDir
    Path root;
    private List<Skill> visible;

    @BeforeEach
    void skills() throws Exception {
        Path dir = SkillFolders.skill(root, "brand-kit", "name: brand-kit\ndescription: Apply the brand.", "Use the palette.\n");
        SkillFolders.write(dir, "assets/palette.json", "{\"primary\":\"#123456\"}");
        SkillFolders.write(dir, "references/tone of voice.md", "Plain.");
        Files.write(dir.resolve("assets/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        visible = List.of(SkillLoader.load(dir, Origin.configured("x")).skill().orElseThrow());
    }

    @Test
    void each_skill_is_a_prompt_whose_message_holds_its_instructions_and_the_task() {
        assertThat(SkillPrompts.list(visible)).containsExactly(new SkillPrompts.Prompt("brand-kit", "Brand kit", "Apply the brand.",
                List.of(new SkillPrompts.Argument("task", "What to do with the skill; appended after its instructions.", false))));
        SkillPrompts.Got got = SkillPrompts.get(visible, "brand-kit", Map.of("task", "Restyle the invoice."));
        assertThat(got.messages()).singleElement().satisfies(m -> {
            assertThat(m.role()).isEqualTo("user");
            assertThat(m.text()).contains("Use the palette.", "skill://brand-kit/").endsWith("Restyle the invoice.");
        });
        assertThatThrownBy(() -> SkillPrompts.get(visible, "other", Map.of())).isInstanceOf(SkillAccessException.class);
    }

    @Test
    void the_files_are_listed_and_read_as_skill_uris_text_or_base64() {
        assertThat(SkillResources.list(visible)).extracting(SkillResources.Resource::uri).containsExactly(
                "skill://brand-kit/SKILL.md", "skill://brand-kit/assets/logo.png", "skill://brand-kit/assets/palette.json",
                "skill://brand-kit/references/tone%20of%20voice.md");
        assertThat(SkillResources.read(visible, "skill://brand-kit/assets/palette.json"))
                .isEqualTo(new SkillResources.Contents("skill://brand-kit/assets/palette.json", "application/json", "{\"primary\":\"#123456\"}", null));
        assertThat(SkillResources.read(visible, "skill://brand-kit/references/tone%20of%20voice.md").text()).isEqualTo("Plain.");
        SkillResources.Contents logo = SkillResources.read(visible, "skill://brand-kit/assets/logo.png");
        assertThat(logo.mimeType()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(logo.blob())).hasSize(7);
        assertThat(SkillResources.read(visible, "skill://brand-kit/SKILL.md").text()).startsWith("---\nname: brand-kit");
    }

    @Test
    void uris_outside_a_skill_are_refused() {
        assertThatThrownBy(() -> SkillResources.read(visible, "skill://brand-kit/../../etc/passwd")).isInstanceOf(SkillAccessException.class)
                .hasMessageContaining("'..' is not allowed");
        assertThatThrownBy(() -> SkillResources.read(visible, "skill://brand-kit/%2E%2E/x")).isInstanceOf(SkillAccessException.class);
        assertThatThrownBy(() -> SkillResources.read(visible, "file:///etc/passwd")).isInstanceOf(SkillAccessException.class);
        assertThatThrownBy(() -> SkillResources.read(visible, "skill://unknown/SKILL.md")).isInstanceOf(SkillAccessException.class)
                .hasMessage("There is no skill named 'unknown'.");
    }
}
