package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
