package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.switchboard.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class CliTest {
    private final Cli cli = new Cli();

    @Test
    void every_command_has_help() {
        for (String[] command : new String[][] {{"--help"}, {"serve", "--help"}, {"catalog", "--help"}, {"catalog", "generate", "--help"}}) {
            Cli fresh = new Cli();

            assertThat(fresh.run(command)).isZero();
            assertThat(fresh.out()).startsWith("Usage: switchboard");
        }
    }

    /**
     * picocli formats every help text with {@code String.format}; a bare {@code %} made it print a
     * warning above {@code route eval --help}, and a format argument would have broken the text.
     */
    @Test
    void every_help_text_is_a_valid_format_string_so_picocli_prints_no_warning() {
        List<String> texts = new ArrayList<>();
        collectHelpTexts(new CommandLine(new Main()).getCommandSpec(), texts);

        assertThat(texts).hasSizeGreaterThan(20).allSatisfy(text ->
                assertThatCode(() -> String.format(text)).as(text).doesNotThrowAnyException());
    }

    private static void collectHelpTexts(CommandSpec command, List<String> texts) {
        texts.addAll(List.of(command.usageMessage().description()));
        texts.addAll(List.of(command.usageMessage().header()));
        texts.addAll(List.of(command.usageMessage().footer()));
        command.options().forEach(option -> texts.addAll(List.of(option.description())));
        command.positionalParameters().forEach(parameter -> texts.addAll(List.of(parameter.description())));
        command.subcommands().values().forEach(sub -> collectHelpTexts(sub.getCommandSpec(), texts));
    }

    @Test
    void serve_documents_its_flags() {
        cli.run("serve", "--help");

        assertThat(cli.out()).contains("--config=FILE", "--port=N", "--data-dir=DIR", "SWITCHBOARD_DATA_DIR");
    }

    @Test
    void an_unknown_option_is_a_usage_error() {
        assertThat(cli.run("serve", "--prot", "9")).isEqualTo(2);
        assertThat(cli.err()).contains("Unknown options: '--prot'");
    }

    @Test
    void serve_with_a_broken_config_exits_2_naming_the_line(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "server:\n  port: 8080\n  colour: blue\n");

        assertThat(cli.run("serve", "--config", config.toString(), "--port", "0")).isEqualTo(2);
        assertThat(cli.err()).contains("bad.yaml:3: server.colour: unknown field 'colour'");
    }

    @Test
    void catalog_generate_writes_the_catalog_and_its_findings(@TempDir Path dir) {
        Path out = dir.resolve("models.json");

        int exit = cli.run("catalog", "generate", "--litellm", "data/prices/litellm-model-prices-2026-08-06.json",
                "--openrouter", "data/prices/openrouter-models-2026-08-01.json", "--out", out.toString());

        assertThat(exit).isZero();
        assertThat(out).exists();
        assertThat(dir.resolve("findings.md")).exists();
    }
}
