package dev.switchboard.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.catalog.UpstreamModel.PriceField;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenRouter's model listing, indexed so catalog candidates can be matched to it for benchmark
 * indexes and for a cross-check of vendor prices.
 *
 * <p>Matching only accepts confident hits. Names are compared after lower-casing, treating
 * {@code .} and {@code _} as {@code -} and writing dates as {@code YYYYMMDD}; a candidate is tried
 * against OpenRouter's id, canonical slug and Hugging Face id. A dated snapshot whose words come in a
 * different order ({@code claude-sonnet-4-5-20250929} vs {@code claude-4.5-sonnet-20250929}) matches
 * only when both carry the same date. A dated snapshot never matches an undated alias (OpenRouter
 * lists {@code gpt-4o-2024-05-13} apart from {@code gpt-4o}), a key that hits two listings matches
 * neither, and floating aliases ({@code ~...}) and variants ({@code ...:free}) are not indexed.
 */
final class OpenRouterIndex {

    /** An OpenRouter listing: benchmark indexes (null if none) and prices in USD per million tokens. */
    record Listing(String id, Benchmarks benchmarks, Map<PriceField, BigDecimal> prices, boolean openWeights) {
    }

    /**
     * A matched listing. {@code vendorPrice} is true when OpenRouter can only be relaying the vendor's
     * own list price: the provider is a vendor whose prices OpenRouter passes through unchanged, the
     * match was on the vendor's own name and the model has no open weights for other hosts to serve.
     */
    record Match(Listing listing, boolean vendorPrice) {
    }

    /** Switchboard provider to the author prefix OpenRouter uses for that vendor's models. */
    private static final Map<String, String> AUTHORS = Map.ofEntries(
            Map.entry("openai", "openai"), Map.entry("anthropic", "anthropic"), Map.entry("gemini", "google"),
            Map.entry("xai", "x-ai"), Map.entry("deepseek", "deepseek"), Map.entry("mistral", "mistralai"),
            Map.entry("moonshot", "moonshotai"), Map.entry("zhipu", "z-ai"), Map.entry("minimax", "minimax"),
            Map.entry("dashscope", "qwen"), Map.entry("perplexity", "perplexity"));

    /** Vendors OpenRouter bills at exactly their own list price. */
    private static final Set<String> PASS_THROUGH_VENDORS = Set.of("openai", "anthropic", "gemini", "xai");

    private static final Pattern TRAILING_DATE = Pattern.compile("-(20\\d\\d)-?(\\d\\d)-?(\\d\\d)$");
    private static final Map<PriceField, String> PRICE_KEYS = Map.of(
            PriceField.INPUT, "prompt", PriceField.OUTPUT, "completion",
            PriceField.CACHE_READ, "input_cache_read", PriceField.CACHE_WRITE, "input_cache_write");

    private final Map<String, List<Listing>> byName = new HashMap<>();
    private final Map<String, List<Listing>> byDatedWords = new HashMap<>();

    private OpenRouterIndex() {
    }

    static OpenRouterIndex read(JsonNode root) {
        OpenRouterIndex index = new OpenRouterIndex();
        for (JsonNode model : root.path("data")) {
            String id = model.path("id").asText();
            if (id.isEmpty() || id.startsWith("~") || id.contains(":")) {
                continue;
            }
            String huggingFace = model.path("hugging_face_id").asText("");
            Listing listing = new Listing(id, benchmarks(model.path("benchmarks").path("artificial_analysis")),
                    prices(model.path("pricing")), !huggingFace.isBlank());
            String slug = model.path("canonical_slug").asText(id);
            Set<String> names = new HashSet<>();
            for (String name : List.of(id, slug, huggingFace)) {
                if (!name.isBlank()) {
                    names.add(normalise(name));
                }
            }
            names.forEach(name -> index.byName.computeIfAbsent(name, k -> new ArrayList<>()).add(listing));
            String datedWords = datedWords(normalise(slug));
            if (datedWords != null) {
                index.byDatedWords.computeIfAbsent(datedWords, k -> new ArrayList<>()).add(listing);
            }
        }
        return index;
    }

    Optional<Match> match(String provider, String model) {
        String author = AUTHORS.get(provider);
        String name;
        if (provider.equals("openrouter") || model.contains("/")) {
            name = model; // already "author/model", e.g. an OpenRouter id or a Hugging Face id
        } else if (author != null) {
            name = author + "/" + model;
        } else {
            return Optional.empty();
        }
        boolean vendorName = author != null && !model.contains("/");
        String key = normalise(name);
        Optional<Listing> exact = unique(byName.get(key));
        Optional<Listing> listing = exact.isPresent() ? exact : unique(byDatedWords.get(datedWords(key)));
        return listing.map(found -> new Match(found,
                vendorName && PASS_THROUGH_VENDORS.contains(provider) && !found.openWeights()));
    }

    private static Optional<Listing> unique(List<Listing> listings) {
        return listings != null && listings.size() == 1 ? Optional.of(listings.get(0)) : Optional.empty();
    }

    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-');
        return TRAILING_DATE.matcher(lower).replaceFirst("-$1$2$3");
    }

    /** "author/words@date" with the words sorted, or null when the name carries no date. */
    private static String datedWords(String normalised) {
        Matcher date = TRAILING_DATE.matcher(normalised);
        int slash = normalised.indexOf('/');
        if (!date.find() || slash < 0) {
            return null;
        }
        String words = normalised.substring(slash + 1, date.start());
        return normalised.substring(0, slash) + "/"
                + String.join("-", Arrays.stream(words.split("-")).sorted().toList())
                + "@" + date.group(1) + date.group(2) + date.group(3);
    }

    private static Benchmarks benchmarks(JsonNode analysis) {
        Double intelligence = index(analysis, "intelligence_index");
        Double coding = index(analysis, "coding_index");
        Double agentic = index(analysis, "agentic_index");
        boolean none = intelligence == null && coding == null && agentic == null;
        return none ? null : new Benchmarks(intelligence, coding, agentic);
    }

    private static Double index(JsonNode analysis, String field) {
        JsonNode value = analysis.get(field);
        return value != null && value.isNumber() ? value.doubleValue() : null;
    }

    private static Map<PriceField, BigDecimal> prices(JsonNode pricing) {
        Map<PriceField, BigDecimal> prices = new EnumMap<>(PriceField.class);
        PRICE_KEYS.forEach((field, key) -> {
            String perToken = pricing.path(key).asText("");
            // "-1" marks a variable price (routers such as openrouter/auto): not a price to compare.
            if (!perToken.isBlank() && !perToken.startsWith("-")) {
                prices.put(field, new BigDecimal(perToken).movePointRight(6));
            }
        });
        return prices;
    }
}
