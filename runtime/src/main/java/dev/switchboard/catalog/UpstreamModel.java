package dev.switchboard.catalog;

import dev.switchboard.catalog.CatalogEntry.Mode;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A catalog candidate read from LiteLLM, before validation. Prices are USD per million tokens; an
 * absent price is unknown.
 */
record UpstreamModel(String key, String provider, String model, Mode mode, Integer contextWindow,
                     Integer maxOutputTokens, Capabilities capabilities, Map<PriceField, BigDecimal> prices) {

    /** The four prices a catalog entry carries, named as in {@code models.json}. */
    enum PriceField {
        INPUT("input"), OUTPUT("output"), CACHE_READ("cache_read"), CACHE_WRITE("cache_write");

        private final String jsonName;

        PriceField(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The field's path for findings, e.g. {@code pricing.cache_read}. */
        String path() {
            return "pricing." + jsonName;
        }
    }

    UpstreamModel {
        EnumMap<PriceField, BigDecimal> copy = new EnumMap<>(PriceField.class);
        prices.forEach((field, price) -> {
            if (price != null) {
                copy.put(field, price);
            }
        });
        prices = Collections.unmodifiableMap(copy);
    }

    String id() {
        return provider + "/" + model;
    }

    BigDecimal price(PriceField field) {
        return prices.get(field);
    }

    UpstreamModel with(Integer newContextWindow, Integer newMaxOutputTokens, Map<PriceField, BigDecimal> newPrices) {
        return new UpstreamModel(key, provider, model, mode, newContextWindow, newMaxOutputTokens, capabilities, newPrices);
    }

    Pricing pricing() {
        return new Pricing(price(PriceField.INPUT), price(PriceField.OUTPUT),
                price(PriceField.CACHE_READ), price(PriceField.CACHE_WRITE));
    }
}
