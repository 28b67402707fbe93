package dev.switchboard.reliability;

import dev.switchboard.config.ConfigSource;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.GatewayConfig.PolicySettings;
import dev.switchboard.deployment.ModelTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reliability policy of every name a client may request, resolved once at start-up: the
 * {@code reliability} section's defaults, overridden field by field by a model's settings, and
 * those by an alias's. Every value is checked here, so a config that loads cannot fail at request
 * time.
 */
public final class Policies {
    /** Requests may override {@code retries} up to this, so one caller cannot turn the gateway into a retry storm. */
    public static final int MAX_RETRIES = 10;

    private final Policy defaults;
    private final Map<String, Policy> byModel;
    private final Map<String, Policy> byAlias;

    private Policies(Policy defaults, Map<String, Policy> byModel, Map<String, Policy> byAlias) {
        this.defaults = defaults;
        this.byModel = Map.copyOf(byModel);
        this.byAlias = Map.copyOf(byAlias);
    }

    /** The policy of a request for {@code requested}, which names {@code model} once aliases are followed. */
    public Policy of(String requested, String model) {
        Policy alias = byAlias.get(requested);
        if (alias != null) {
            return alias;
        }
        return byModel.getOrDefault(model, defaults);
    }

    /** Policies with the built-in defaults only, for gateways without a reliability config. */
    public static Policies defaults() {
        return create(GatewayConfig.EMPTY, ConfigSource.none(), null);
    }

    /**
     * @param models checks that fallback targets exist; null only when the config has no models or aliases
     */
    public static Policies create(GatewayConfig config, ConfigSource source, ModelTable models) {
        GatewayConfig.Reliability r = config.reliability();
        checkCircuitBreaker(r.circuitBreaker(), source);
        Policy builtIn = new Policy(Balance.WEIGHTED, 2, Duration.ofMinutes(10), null, null, List.of(),
                new Policy.Backoff(positive(r.backoff().initial(), "reliability.backoff.initial", source),
                        positive(r.backoff().max(), "reliability.backoff.max", source)));
        Policy defaults = merge(builtIn, "reliability", source, models, r.balance(), r.retries(), r.timeout(),
                r.firstTokenTimeout(), r.hedge(), null);
        Map<String, Policy> byModel = new HashMap<>();
        config.models().forEach((name, model) -> {
            if (model != null) {
                byModel.put(name, merge(defaults, ConfigSource.child("models", name), source, models, model));
            }
        });
        Map<String, Policy> byAlias = new HashMap<>();
        config.aliases().forEach((alias, settings) -> {
            if (settings != null && models != null) {
                Policy target = byModel.getOrDefault(models.resolveName(alias), defaults);
                byAlias.put(alias, merge(target, ConfigSource.child("aliases", alias), source, models, settings));
            }
        });
        return new Policies(defaults, byModel, byAlias);
    }

    private static Policy merge(Policy base, String path, ConfigSource source, ModelTable models, PolicySettings s) {
        return merge(base, path, source, models, s.balance(), s.retries(), s.timeout(), s.firstTokenTimeout(), s.hedge(), s.fallbacks());
    }

    private static Policy merge(Policy base, String path, ConfigSource source, ModelTable models, String balance,
                                Integer retries, Duration timeout, Duration firstTokenTimeout, GatewayConfig.Hedge hedge,
                                List<GatewayConfig.Fallback> fallbacks) {
        Policy p = base;
        if (balance != null) {
            String at = ConfigSource.child(path, "balance");
            p = p.withBalance(Balance.byConfigName(balance).orElseThrow(() ->
                    source.error(at, "unknown balance '" + balance + "' (expected weighted, least-latency or least-busy)")));
        }
        if (retries != null) {
            if (retries < 0 || retries > MAX_RETRIES) {
                throw source.error(ConfigSource.child(path, "retries"), "must be between 0 and " + MAX_RETRIES + ", was " + retries);
            }
            p = p.withRetries(retries);
        }
        if (timeout != null) {
            p = p.withTimeout(positive(timeout, ConfigSource.child(path, "timeout"), source));
        }
        if (firstTokenTimeout != null) {
            p = p.withFirstTokenTimeout(positive(firstTokenTimeout, ConfigSource.child(path, "first_token_timeout"), source));
        }
        if (hedge != null) {
            p = p.withHedge(hedge(hedge, ConfigSource.child(path, "hedge"), source));
        }
        if (fallbacks != null) {
            p = p.withFallbacks(fallbacks(fallbacks, ConfigSource.child(path, "fallbacks"), source, models));
        }
        return p;
    }

    private static HedgeRule hedge(GatewayConfig.Hedge hedge, String path, ConfigSource source) {
        if (hedge.after() == null) {
            throw source.error(path, "after is required: a percentile of observed latency (p95) or a duration (800ms)");
        }
        if (hedge.warmupDelay() != null) {
            positive(hedge.warmupDelay(), ConfigSource.child(path, "warmup_delay"), source);
        }
        return HedgeRule.parse(hedge.after(), hedge.warmupDelay()).orElseThrow(() -> source.error(ConfigSource.child(path, "after"),
                "'" + hedge.after() + "' is neither a percentile (p50..p99.9) nor a duration (800ms, 2s)"));
    }

    private static List<FallbackRule> fallbacks(List<GatewayConfig.Fallback> fallbacks, String path, ConfigSource source,
                                                ModelTable models) {
        List<FallbackRule> rules = new ArrayList<>();
        for (int i = 0; i < fallbacks.size(); i++) {
            GatewayConfig.Fallback f = fallbacks.get(i);
            String at = ConfigSource.index(path, i);
            if (f == null || f.model() == null || f.model().isBlank()) {
                throw source.error(at, "model is required");
            }
            if (models == null || !models.serves(f.model())) {
                throw source.error(at, "'" + f.model()
                        + "' is not a configured model, an alias, a provider/model of an enabled provider, or a catalog model of one");
            }
            rules.add(new FallbackRule(f.model(), conditions(f.on(), ConfigSource.child(at, "on"), source)));
        }
        return rules;
    }

    private static Set<Failure> conditions(List<String> names, String path, ConfigSource source) {
        if (names == null) {
            return Failure.AVAILABILITY;
        }
        if (names.isEmpty()) {
            throw source.error(path, "list at least one condition, or leave 'on' out for rate_limit, server_error and timeout");
        }
        Set<Failure> on = EnumSet.noneOf(Failure.class);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String at = ConfigSource.index(path, i);
            Failure failure = Failure.byConfigName(name).filter(f -> f != Failure.REQUEST_ERROR).orElseThrow(() -> source.error(
                    at, "unknown condition '" + name
                            + "' (expected rate_limit, server_error, timeout, context_window_exceeded or content_policy)"));
            on.add(failure);
        }
        return on;
    }

    /** The breaker's settings are used by {@link HealthBoard}; checked here with the rest of the section. */
    private static void checkCircuitBreaker(GatewayConfig.CircuitBreaker b, ConfigSource source) {
        String path = "reliability.circuit_breaker";
        if (b.failureRate() < 1 || b.failureRate() > 100) {
            throw source.error(ConfigSource.child(path, "failure_rate"), "must be a percentage from 1 to 100, was " + b.failureRate());
        }
        if (b.window() < 1) {
            throw source.error(ConfigSource.child(path, "window"), "must be at least 1, was " + b.window());
        }
        if (b.minimumCalls() < 1) {
            throw source.error(ConfigSource.child(path, "minimum_calls"), "must be at least 1, was " + b.minimumCalls());
        }
        positive(b.cooldown(), ConfigSource.child(path, "cooldown"), source);
    }

    private static Duration positive(Duration d, String path, ConfigSource source) {
        if (d.isZero() || d.isNegative()) {
            throw source.error(path, "must be positive, was " + d);
        }
        return d;
    }
}
