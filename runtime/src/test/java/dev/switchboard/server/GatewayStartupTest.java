package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigException;
import dev.switchboard.provider.mock.MockProvider;
import dev.switchboard.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config that parses but cannot work fails at start-up, naming the file, line and field. */
class GatewayStartupTest {

    @Test
    void a_deployment_of_an_unknown_provider_is_rejected() {
        assertThatThrownBy(() -> RunningGateway.start("""
                providers:
                  local: {type: openai, base_url: "http://127.0.0.1:9/v1"}
                models:
                  chat:
                    deployments:
                      - provider: loca
                        model: llama3
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml:6: models.chat.deployments[0].provider: unknown provider 'loca' (enabled: local)");
    }

    @Test
    void an_unknown_provider_type_is_rejected() {
        assertThatThrownBy(() -> RunningGateway.start("providers:\n  x:\n    type: soap\n    base_url: http://h\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml:3: providers.x.type: unknown provider type 'soap' (expected openai, anthropic, gemini or mock)");
    }

    @Test
    void a_provider_without_a_known_preset_needs_a_base_url() {
        assertThatThrownBy(() -> RunningGateway.start("providers:\n  my-vllm:\n    type: openai\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml:2: providers.my-vllm: base_url is required");
    }

    @Test
    void a_hosted_preset_without_a_key_names_the_variable_to_set() {
        assertThatThrownBy(() -> RunningGateway.start("providers:\n  groq: {}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml:2: providers.groq: no API key: set api_key or the environment variable GROQ_API_KEY");
    }

    @Test
    void a_malformed_base_url_is_rejected() {
        assertThatThrownBy(() -> RunningGateway.start("providers:\n  p:\n    base_url: ftp://files.example.com\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml:3: providers.p.base_url: must be an http(s) URL, was 'ftp://files.example.com'");
    }

    @Test
    void an_alias_cycle_is_rejected() {
        assertThatThrownBy(() -> RunningGateway.start("aliases:\n  a: b\n  b: a\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aliases.a: alias cycle");
    }

    @Test
    void an_alias_to_nothing_servable_is_rejected() {
        assertThatThrownBy(() -> RunningGateway.start("aliases:\n  fast: groq/llama-3.3-70b-versatile\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml:2: aliases.fast: 'groq/llama-3.3-70b-versatile' is not a configured model");
    }

    /**
     * Regression (issue 14): the offline mock switched on whenever no provider was configured, so a
     * config file that configured none started a gateway answering every request with simulated text.
     */
    @Test
    void a_config_file_that_leaves_no_provider_is_rejected_saying_how_to_add_one() {
        assertThatThrownBy(() -> RunningGateway.startFromConfigFile("auth:\n  keys: [sb-key]\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml: providers: no provider is configured, and no provider key is set in the environment. "
                        + "Add a provider under 'providers:' (see docs/configuration.md) or set its key, e.g. OPENAI_API_KEY; "
                        + "to try the offline mock, add 'mock: {type: mock}' under 'providers:' (model 'mock/mock'), "
                        + "or start without a config file");
    }

    @Test
    void a_config_file_may_leave_its_providers_to_keys_in_the_environment() {
        try (RunningGateway gateway = RunningGateway.startFromConfigFile("auth:\n  keys: [sb-key]\n", Map.of("GROQ_API_KEY", "gsk-test"))) {
            assertThat(gateway.gateway().providers()).containsOnlyKeys("groq");
        }
    }

    @Test
    void the_offline_mock_declared_in_a_config_file_serves_as_its_start_up_error_says() {
        try (RunningGateway gateway = RunningGateway.startFromConfigFile("providers:\n  mock: {type: mock}\n", Map.of())) {
            HttpResponse<String> answer = gateway.post("/v1/chat/completions", "{\"model\":\"mock/mock\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains(MockProvider.NOTICE);
        }
    }

    @Test
    void a_preset_is_enabled_by_its_environment_variable_alone() {
        try (RunningGateway gateway = RunningGateway.start("aliases:\n  fast: groq/llama-3.3-70b-versatile\n", Map.of("GROQ_API_KEY", "gsk-test"))) {
            assertThat(gateway.gateway().providers()).containsOnlyKeys("groq");
        }
    }
}
