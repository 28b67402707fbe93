package dev.switchboard.deployment;

import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.provider.Provider;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider serving one model: where a request is finally sent.
 *
 * @param provider      the upstream
 * @param upstreamModel the model name the upstream expects in the request body
 * @param weight        share of traffic among the deployments of the same model
 * @param catalogEntry  the catalog's facts (prices, limits) for this model at this provider, if known
 */
public record Deployment(Provider provider, String upstreamModel, int weight, Optional<CatalogEntry> catalogEntry) {
    public Deployment {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        if (weight <= 0) {
            throw new IllegalArgumentException("weight must be positive, was " + weight);
        }
    }

    /** The prices answers from this deployment are charged at; unknown when the catalog has no entry. */
    public Pricing pricing() {
        return catalogEntry.map(CatalogEntry::pricing).orElse(Pricing.UNKNOWN);
    }

    /** {@code provider/model}, as shown in headers and logs. */
    public String id() {
        return provider.name() + "/" + upstreamModel;
    }
}
