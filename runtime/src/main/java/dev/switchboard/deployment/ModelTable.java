package dev.switchboard.deployment;

import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.catalog.NameDistance;
import dev.switchboard.error.GatewayException;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderPreset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the model name a client sent into the deployment that will serve it. Names are tried in
 * this order:
 * <ol>
 *   <li>an alias from config, followed to its target;</li>
 *   <li>a model declared in config, whose deployments share traffic by weight;</li>
 *   <li>{@code provider/model} for any enabled provider, even for models the catalog lacks
 *       (OpenRouter's own names contain a slash: {@code openrouter/anthropic/claude-sonnet-4});</li>
 *   <li>a bare catalog model name, served by the first enabled provider that offers it.</li>
 * </ol>
 * Anything else is a 404 that suggests the closest names the gateway serves (never a name that
 * would 404 in turn) and, when a hosted preset without its key would serve the name, the key
 * variable that enables it. The tables are built once at start-up and never change, so routing
 * takes no lock.
 */
public final class ModelTable {
    private static final int MAX_SUGGESTIONS = 5;

    private final Map<String, Provider> providers;
    private final Map<String, List<Deployment>> models;
    private final Map<String, String> aliases;
    private final Map<String, Deployment> catalogModels;
    private final ModelCatalog catalog;

    /**
     * @param providers enabled providers by name, in priority order for bare catalog names
     * @param models    deployments of each model declared in config
     * @param aliases   alias to target name; targets are checked (and cycles rejected) by the caller
     */
    public ModelTable(Map<String, Provider> providers, Map<String, List<Deployment>> models,
                       Map<String, String> aliases, ModelCatalog catalog) {
        this.providers = Map.copyOf(providers);
        this.models = Map.copyOf(models);
        this.aliases = Map.copyOf(aliases);
        this.catalog = catalog;
        Map<String, Deployment> byName = new LinkedHashMap<>();
        for (Provider provider : providers.values()) {
            for (CatalogEntry entry : catalog.byProvider(provider.catalogProvider())) {
                byName.putIfAbsent(entry.model(), new Deployment(provider, entry.model(), 1, Optional.of(entry)));
            }
        }
        this.catalogModels = Map.copyOf(byName);
    }

    /**
     * A requested name's model and every deployment that serves it, for the reliability layer to
     * balance over and fail over between.
     *
     * @throws GatewayException.ModelNotFound with the closest names suggested
     */
    public Target resolve(String requested) {
        String name = resolveName(requested);
        List<Deployment> declared = models.get(name);
        if (declared != null) {
            return new Target(name, declared);
        }
        Optional<Deployment> direct = direct(name);
        if (direct.isPresent()) {
            return new Target(name, List.of(direct.get()));
        }
        Deployment fromCatalog = catalogModels.get(name);
        if (fromCatalog != null) {
            return new Target(name, List.of(fromCatalog));
        }
        throw new GatewayException.ModelNotFound(requested, suggestions(requested), enabling(name));
    }

    /** The name an alias stands for; any other name unchanged. */
    public String resolveName(String requested) {
        return aliases.getOrDefault(requested, requested);
    }

    /**
     * @param model       the requested name with aliases followed
     * @param deployments the deployments serving it, never empty
     */
    public record Target(String model, List<Deployment> deployments) {
    }

    /** True when {@link #route} would find a deployment for this name. */
    public boolean serves(String name) {
        String target = resolveName(name);
        return models.containsKey(target) || catalogModels.containsKey(target) || direct(target).isPresent();
    }

    /**
     * Names a client can list: declared models, aliases, then {@code provider/model} for the catalog
     * models of every enabled provider named after its catalog's vendor ({@code openai},
     * {@code anthropic}, a preset enabled by its key variable). A provider under a name of its own
     * (a proxy, a second account: {@code claude: {type: anthropic}}) borrows its vendor's catalog
     * for prices only, and lists what the config routes to it, not the vendor's whole catalog.
     */
    public List<Listing> listings() {
        List<Listing> listings = new ArrayList<>();
        models.forEach((name, deployments) -> listings.add(new Listing(name, deployments.get(0))));
        aliases.forEach((alias, target) -> {
            if (serves(target)) {
                listings.add(new Listing(alias, resolve(target).deployments().get(0)));
            }
        });
        for (Deployment d : catalogModels.values()) {
            if (d.provider().name().equals(d.provider().catalogProvider())) {
                listings.add(new Listing(d.id(), d));
            }
        }
        listings.sort(java.util.Comparator.comparing(Listing::id));
        return listings;
    }

    /** One entry of {@code GET /v1/models}: a requestable name and the deployment it reaches first. */
    public record Listing(String id, Deployment deployment) {
    }

    private Optional<Deployment> direct(String name) {
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            return Optional.empty();
        }
        Provider provider = providers.get(name.substring(0, slash));
        if (provider == null) {
            return Optional.empty();
        }
        String model = name.substring(slash + 1);
        // Looked up as for a deployment declared under models, so the same provider/model is priced however it is reached.
        return Optional.of(new Deployment(provider, model, 1, catalog.find(provider.catalogProvider(), model)
                .or(() -> catalog.byId(provider.name() + "/" + model))));
    }

    /**
     * The closest names the gateway serves: declared models, aliases, enabled providers' catalog
     * models. Never the wider catalog: a model no enabled provider offers would only 404 again.
     */
    private List<String> suggestions(String requested) {
        return NameDistance.closest(requested, servableNames(), MAX_SUGGESTIONS);
    }

    /**
     * Names {@link #serves} accepts, one per model: declared models, aliases and {@code provider/model}
     * for the enabled providers' catalog models (not their bare names as well, which would name each twice).
     * Other {@code provider/model} names are served too, but cannot be listed.
     */
    public Set<String> servableNames() {
        Set<String> servable = new LinkedHashSet<>(models.keySet());
        servable.addAll(aliases.keySet());
        catalogModels.values().forEach(d -> servable.add(d.id()));
        return servable;
    }

    /**
     * What would make the gateway serve {@code name}: the key variables of the hosted presets, not
     * enabled, that would, because the name is {@code preset/model} or the preset's catalog lists
     * the model. Null when there are none. Local presets are left out: they are enabled in config, not by a key.
     */
    private String enabling(String name) {
        Set<ProviderPreset> presets = new LinkedHashSet<>();
        int slash = name.indexOf('/');
        if (slash > 0) {
            ProviderPreset.named(name.substring(0, slash)).ifPresent(presets::add);
        }
        catalog.byModel(name).forEach(entry -> ProviderPreset.named(entry.provider()).ifPresent(presets::add));
        List<ProviderPreset> missing = presets.stream().filter(p -> !p.local() && !providers.containsKey(p.name())).toList();
        if (missing.isEmpty()) {
            return null;
        }
        String variables = String.join(" or ", missing.stream().map(ProviderPreset::apiKeyEnv).toList());
        String names = String.join(", ", missing.stream().map(p -> "'" + p.name() + "'").toList());
        return missing.size() == 1
                ? "Set " + variables + " to enable provider " + names + ", which serves it."
                : "Set " + variables + " to enable one of the providers " + names + ", which serve it.";
    }
}
