package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of("GROQ_KEY", "gsk-secret-value", "REGION", "eu")::get);

    @Test
    void an_empty_file_is_a_valid_config_with_defaults() {
        GatewayConfig config = loader.parse("empty.yaml", "").config();

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.server().shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.providers()).isEmpty();
        assertThat(config.auth().keys()).isEmpty();
    }

    @Test
    void environment_variables_are_interpolated_in_values() {
        GatewayConfig config = loader.parse("c.yaml", """
                providers:
                  groq:
                    api_key: ${GROQ_KEY}
                    base_url: https://${REGION}.example.com/v1
                    timeout: ${TIMEOUT:-45s}
                """).config();

        GatewayConfig.ProviderConfig groq = config.providers().get("groq");
        assertThat(groq.apiKey().reveal()).isEqualTo("gsk-secret-value");
        assertThat(groq.baseUrl()).isEqualTo("https://eu.example.com/v1");
        assertThat(groq.timeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void a_value_from_the_environment_cannot_change_the_yaml_structure() {
        ConfigLoader tricky = new ConfigLoader(Map.of("KEY", "abc # not: a comment\n  x: y")::get);

        GatewayConfig config = tricky.parse("c.yaml", "providers:\n  p:\n    api_key: ${KEY}\n    base_url: http://h\n").config();

        assertThat(config.providers().get("p").apiKey().reveal()).isEqualTo("abc # not: a comment\n  x: y");
    }

    @Test
    void a_dollar_brace_can_be_escaped() {
        GatewayConfig config = loader.parse("c.yaml", "aliases:\n  a: $${literal}\n").config();

        assertThat(config.aliases().get("a").target()).isEqualTo("${literal}");
    }

    @Test
    void a_missing_environment_variable_names_file_line_and_field() {
        assertThatThrownBy(() -> loader.parse("gw.yaml", """
                providers:
                  openai:
                    api_key: ${OPENAI_API_KEY}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gw.yaml:3: providers.openai.api_key: environment variable OPENAI_API_KEY is not set (write ${OPENAI_API_KEY:-} to make it optional)");
    }

    @Test
    void an_unknown_field_is_rejected_with_its_line_and_the_known_fields() {
        assertThatThrownBy(() -> loader.parse("gw.yaml", """
                providers:
                  openai:
                    type: openai
                    bse_url: https://api.openai.com/v1
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gw.yaml:4: providers.openai.bse_url: unknown field 'bse_url'")
                .hasMessageContaining("base_url");
    }

    @Test
    void a_wrongly_typed_value_names_its_line_and_field() {
        assertThatThrownBy(() -> loader.parse("gw.yaml", """
                server:
                  port: eighty
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gw.yaml:2: server.port:");
    }

    @Test
    void the_upstream_busy_poll_takes_microseconds_and_can_be_switched_off() {
        assertThat(loader.parse("gw.yaml", "server: {}\n").config().server().busyPoll()).isEqualTo(Duration.ofNanos(200_000));
        assertThat(loader.parse("gw.yaml", "server:\n  busy_poll: 50us\n").config().server().busyPoll()).isEqualTo(Duration.ofNanos(50_000));
        assertThat(loader.parse("gw.yaml", "server:\n  busy_poll: 0ms\n").config().server().busyPoll()).isZero();
    }

    @Test
    void a_bad_duration_says_how_to_write_one() {
        assertThatThrownBy(() -> loader.parse("gw.yaml", """
                server:
                  shutdown_timeout: soon
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gw.yaml:2: server.shutdown_timeout: 'soon' is not a duration; write e.g. 250ms, 30s, 5m or 1h");
    }

    @Test
    void invalid_yaml_names_its_line() {
        assertThatThrownBy(() -> loader.parse("gw.yaml", "providers:\n  a: [unclosed\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gw.yaml:")
                .hasMessageContaining("invalid YAML");
    }

    /** Regression (issue 14): only the first document was read, so every section after a "---" was ignored without a word. */
    @Test
    void a_second_yaml_document_is_rejected_rather_than_ignored() {
        assertThatThrownBy(() -> loader.parse("gw.yaml", "server:\n  port: 8081\n---\nproviders:\n  groq: {api_key: x}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gw.yaml:4: a second YAML document: a config is one document, so put every section in the first");
    }

    @Test
    void one_document_may_open_with_its_marker_and_close_with_its_end_marker() {
        assertThat(loader.parse("gw.yaml", "---\nserver:\n  port: 8081\n...\n").config().server().port()).isEqualTo(8081);
    }

    @Test
    void model_names_with_slashes_are_located_too() {
        ConfigLoader.Loaded loaded = loader.parse("gw.yaml", """
                models:
                  "openai/gpt-4o":
                    deployments:
                      - provider: nowhere
                        model: gpt-4o
                """);

        ConfigException error = loaded.source().error("models[\"openai/gpt-4o\"].deployments[0].provider", "unknown provider");

        assertThat(error).hasMessage("gw.yaml:4: models[\"openai/gpt-4o\"].deployments[0].provider: unknown provider");
    }

    @Test
    void secrets_never_appear_in_string_forms() {
        GatewayConfig config = loader.parse("c.yaml", "providers:\n  groq:\n    api_key: ${GROQ_KEY}\nauth:\n  keys: [gateway-key-1]\n").config();

        assertThat(config.toString()).doesNotContain("gsk-secret-value").doesNotContain("gateway-key-1");
    }
}
