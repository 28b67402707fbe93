package dev.switchboard.deployment;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.config.ConfigSource;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.GatewayConfig.DeploymentConfig;
import dev.switchboard.provider.Provider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the {@link ModelTable} from the {@code models} and {@code aliases} sections, checking every reference. */
public final class ModelTableFactory {
    private ModelTableFactory() {
    }

    public static ModelTable create(GatewayConfig config, ConfigSource source, Map<String, Provider> providers,
                                     ModelCatalog catalog, Map<String, List<Deployment>> builtIn) {
        Map<String, List<Deployment>> models = new LinkedHashMap<>(builtIn);
        config.models().forEach((name, model) -> {
            String path = ConfigSource.child("models", name);
            if (model == null || model.deployments().isEmpty()) {
                throw source.error(path, "a model needs at least one deployment (provider and model)");
            }
            List<Deployment> deployments = new ArrayList<>();
            for (int i = 0; i < model.deployments().size(); i++) {
                deployments.add(deployment(model.deployments().get(i), ConfigSource.index(ConfigSource.child(path, "deployments"), i),
                        source, providers, catalog));
            }
            models.put(name, List.copyOf(deployments));
        });
        Map<String, String> aliases = resolveAliases(config.aliases(), source);
        ModelTable table = new ModelTable(providers, models, aliases, catalog);
        aliases.forEach((alias, target) -> {
            if (!table.serves(target)) {
                throw source.error(ConfigSource.child("aliases", alias), "'" + target
                        + "' is not a configured model, a provider/model of an enabled provider, or a catalog model of one");
            }
        });
        return table;
    }

    private static Deployment deployment(DeploymentConfig d, String path, ConfigSource source,
                                         Map<String, Provider> providers, ModelCatalog catalog) {
        if (d == null || d.provider() == null) {
            throw source.error(path, "provider is required");
        }
        if (d.model() == null || d.model().isBlank()) {
            throw source.error(path, "model is required (the name the upstream expects)");
        }
        if (d.weight() <= 0) {
            throw source.error(ConfigSource.child(path, "weight"), "must be a positive whole number, was " + d.weight());
        }
        Provider provider = providers.get(d.provider());
        if (provider == null) {
            throw source.error(ConfigSource.child(path, "provider"), "unknown provider '" + d.provider()
                    + "' (enabled: " + String.join(", ", providers.keySet()) + ")");
        }
        return new Deployment(provider, d.model(), d.weight(), catalog.find(provider.catalogProvider(), d.model())
                .or(() -> catalog.byId(provider.name() + "/" + d.model())));
    }

    /** Follows alias chains to their final target, so routing needs one lookup; rejects cycles. */
    private static Map<String, String> resolveAliases(Map<String, GatewayConfig.AliasConfig> configured, ConfigSource source) {
        Map<String, String> aliases = new LinkedHashMap<>();
        configured.forEach((alias, settings) -> {
            String target = settings == null ? null : settings.target();
            if (target == null || target.isBlank()) {
                throw source.error(ConfigSource.child("aliases", alias), "alias target is empty");
            }
            aliases.put(alias, target);
        });
        Map<String, String> resolved = new LinkedHashMap<>();
        aliases.forEach((alias, target) -> {
            Set<String> seen = new HashSet<>(Set.of(alias));
            String current = target;
            while (aliases.containsKey(current)) {
                if (!seen.add(current)) {
                    throw source.error(ConfigSource.child("aliases", alias), "alias cycle through '" + current + "'");
                }
                current = aliases.get(current);
            }
            resolved.put(alias, current);
        });
        return resolved;
    }
}
