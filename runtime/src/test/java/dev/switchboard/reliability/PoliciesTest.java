package dev.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.error.GatewayException;
import dev.switchboard.provider.Provider;
import dev.switchboard.testing.NamedProvider;
import dev.switchboard.deployment.ModelTable;
import dev.switchboard.deployment.ModelTableFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reliability settings from YAML: defaults, model and alias overrides, request headers, and the errors for bad values. */
class PoliciesTest {
    private static final ModelCatalog CATALOG = ModelCatalog.loadBundled();
    private static final String MODELS = """
            models:
              chat:
                deployments: [{provider: p, model: small}, {provider: q, model: small}]
                timeout: 20s
                fallbacks:
                  - backup
                  - {model: big, on: [context_window_exceeded]}
              backup:
                deployments: [{provider: q, model: other}]
                balance: least-latency
                retries: 0
              big:
                deployments: [{provider: p, model: big}]
            """;

    @Test
    void without_settings_every_model_gets_the_built_in_defaults() {
        Policy policy = Policies.defaults().of("anything", "anything");

        assertThat(policy.balance()).isEqualTo(Balance.WEIGHTED);
        assertThat(policy.retries()).isEqualTo(2);
        assertThat(policy.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.firstTokenTimeout()).isNull();
        assertThat(policy.hedge()).isNull();
        assertThat(policy.fallbacks()).isEmpty();
    }

    @Test
    void a_model_overrides_the_defaults_and_an_alias_overrides_its_model() {
        Loaded loaded = load("""
                reliability:
                  balance: least-busy
                  retries: 1
                  first_token_timeout: 8s
                aliases:
                  plain: chat
                  fast:
                    target: chat
                    retries: 0
                    hedge: {after: p95, warmup_delay: 300ms}
                """ + MODELS);

        Policy chat = loaded.policies.of("chat", "chat");
        Policy plain = loaded.policies.of("plain", "chat");
        Policy fast = loaded.policies.of("fast", "chat");

        assertThat(chat.balance()).isEqualTo(Balance.LEAST_BUSY);
        assertThat(chat.retries()).isEqualTo(1);
        assertThat(chat.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(chat.firstTokenTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(chat.fallbacks()).containsExactly(
                new FallbackRule("backup", Failure.AVAILABILITY),
                new FallbackRule("big", Set.of(Failure.CONTEXT_WINDOW_EXCEEDED)));
        assertThat(plain).isEqualTo(chat);
        assertThat(fast.retries()).isZero();
        assertThat(fast.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(fast.hedge()).isEqualTo(new HedgeRule(null, 0.95, Duration.ofMillis(300)));
    }

    @Test
    void a_plan_chains_the_model_and_its_fallbacks_each_with_its_own_deployments_and_balance() {
        Loaded loaded = load(MODELS);

        Plan plan = new Planner(loaded.models, loaded.policies).plan("chat", false, RequestOverrides.NONE, 0);

        assertThat(plan.stages()).extracting(Stage::model).containsExactly("chat", "backup", "big");
        assertThat(plan.stages().get(0).deployments()).hasSize(2);
        assertThat(plan.stages().get(0).maxAttempts()).isEqualTo(3);
        assertThat(plan.stages().get(1).balance()).isEqualTo(Balance.LEAST_LATENCY);
        assertThat(plan.stages().get(1).maxAttempts()).isEqualTo(1);
        assertThat(plan.stages().get(2).enterOn()).containsExactly(Failure.CONTEXT_WINDOW_EXCEEDED);
        assertThat(plan.deadlineNanos()).isEqualTo(Duration.ofSeconds(20).toNanos());
    }

    @Test
    void request_overrides_replace_the_configured_values() {
        Loaded loaded = load(MODELS);
        RequestOverrides overrides = new RequestOverrides(0, Duration.ofSeconds(3), Duration.ofMillis(500),
                RequestOverrides.NO_HEDGE, List.of("p/anything"), Set.of(Failure.TIMEOUT));

        Plan plan = new Planner(loaded.models, loaded.policies).plan("chat", true, overrides, 0);

        assertThat(plan.stages()).extracting(Stage::model).containsExactly("chat", "p/anything");
        assertThat(plan.stages()).extracting(Stage::maxAttempts).containsExactly(1, 1);
        assertThat(plan.stages().get(1).enterOn()).containsExactly(Failure.TIMEOUT);
        assertThat(plan.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(plan.firstTokenTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(plan.hedge()).isNull();
    }

    @Test
    void an_unknown_model_among_a_requests_fallbacks_is_a_bad_request_naming_the_header() {
        Loaded loaded = load(MODELS);
        RequestOverrides overrides = new RequestOverrides(null, null, null, null, List.of("no-such-model"), null);

        assertThatThrownBy(() -> new Planner(loaded.models, loaded.policies).plan("chat", false, overrides, 0))
                .isInstanceOfSatisfying(GatewayException.InvalidRequest.class,
                        e -> assertThat(e.param()).hasValue("x-switchboard-fallbacks"))
                .hasMessageContaining("no-such-model");
    }

    @Test
    void bad_values_are_rejected_at_load_naming_file_line_and_field() {
        assertThatThrownBy(() -> load(MODELS.replace("balance: least-latency", "balance: fastest")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml:10: models.backup.balance: unknown balance 'fastest' (expected weighted, least-latency or least-busy)");
        assertThatThrownBy(() -> load(MODELS.replace("- backup", "- bakup")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml:6: models.chat.fallbacks[0]: 'bakup' is not a configured model");
        assertThatThrownBy(() -> load(MODELS.replace("on: [context_window_exceeded]", "on: [context_window_exceeded, overloaded]")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml:7: models.chat.fallbacks[1].on[1]: unknown condition 'overloaded'");
        assertThatThrownBy(() -> load(MODELS.replace("retries: 0", "retries: 11")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml:11: models.backup.retries: must be between 0 and 10, was 11");
        assertThatThrownBy(() -> load("reliability:\n  hedge: {after: soon}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml:2: reliability.hedge.after: 'soon' is neither a percentile");
        assertThatThrownBy(() -> load("reliability:\n  timeout: 0s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml:2: reliability.timeout: must be positive, was PT0S");
        assertThatThrownBy(() -> load("reliability:\n  circuit_breaker:\n    failure_rate: 150\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml:3: reliability.circuit_breaker.failure_rate: must be a percentage from 1 to 100, was 150");
    }

    private record Loaded(ModelTable models, Policies policies) {
    }

    private static Loaded load(String yaml) {
        ConfigLoader.Loaded loaded = new ConfigLoader(name -> null).parse("test.yaml", yaml);
        Map<String, Provider> providers = Map.of("p", new NamedProvider("p"), "q", new NamedProvider("q"));
        ModelTable models = ModelTableFactory.create(loaded.config(), loaded.source(), providers, CATALOG, Map.of());
        return new Loaded(models, Policies.create(loaded.config(), loaded.source(), models));
    }
}
