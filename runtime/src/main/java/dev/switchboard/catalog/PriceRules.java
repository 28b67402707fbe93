package dev.switchboard.catalog;

import dev.switchboard.catalog.CatalogEntry.Mode;
import dev.switchboard.catalog.Finding.Action;
import dev.switchboard.catalog.Finding.Rule;
import dev.switchboard.catalog.UpstreamModel.PriceField;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks a LiteLLM entry passes before it ships. Each failed check records a {@link Finding}
 * and applies its policy: a suspicious price or limit is nulled (unknown, so cost falls back or is
 * reported unknown instead of wrong) and an entry the router cannot use is dropped.
 *
 * <p>Order matters. Range checks come first, then the checks that compare prices with each other
 * (which need a trustworthy input price), then the zero-price check (so a cache write of $0 next to
 * a real input price is reported as below input, the more specific reason), then the cross-check
 * with OpenRouter on whatever survived, and the output limit last.
 */
final class PriceRules {

    private static final BigDecimal CEILING_PER_MTOK = BigDecimal.valueOf(1000);
    private static final BigDecimal MIN_OUTPUT_TO_INPUT = new BigDecimal("0.25");
    private static final BigDecimal MIN_CACHE_READ_TO_INPUT = new BigDecimal("0.05");
    private static final BigDecimal MAX_CACHE_WRITE_TO_INPUT = BigDecimal.valueOf(2);
    private static final BigDecimal OPENROUTER_TOLERANCE = new BigDecimal("0.01");
    /** Local runtimes cost nothing per token, so $0 is the truth there rather than a gap. */
    private static final String LOCAL_PROVIDER = "ollama";

    private final UpstreamModel model;
    private final Map<PriceField, BigDecimal> prices;
    private final List<Finding> findings;

    private PriceRules(UpstreamModel model, List<Finding> findings) {
        this.model = model;
        this.prices = new EnumMap<>(PriceField.class);
        this.prices.putAll(model.prices());
        this.findings = findings;
    }

    /**
     * Checks one candidate, appending findings to {@code findings}. Returns the candidate with
     * suspicious fields nulled, or empty when the entry is dropped.
     */
    static Optional<UpstreamModel> check(UpstreamModel model, Optional<OpenRouterIndex.Match> openRouter,
                                         List<Finding> findings) {
        if (model.contextWindow() == null) {
            findings.add(new Finding(model.id(), Rule.MISSING_CONTEXT_WINDOW, "context_window", "absent",
                    Action.DROPPED_ENTRY));
            return Optional.empty();
        }
        PriceRules rules = new PriceRules(model, findings);
        rules.checkRanges();
        rules.checkOutputAgainstInput();
        rules.checkCacheAgainstInput();
        rules.checkZeroPrices();
        openRouter.filter(OpenRouterIndex.Match::vendorPrice)
                .ifPresent(match -> rules.checkAgainst(match.listing()));
        return Optional.of(model.with(model.contextWindow(), rules.checkedMaxOutput(), rules.prices));
    }

    private void checkRanges() {
        for (PriceField field : PriceField.values()) {
            BigDecimal price = prices.get(field);
            if (price != null && price.signum() < 0) {
                drop(field, Rule.NEGATIVE_PRICE, plain(price));
            } else if (price != null && price.compareTo(CEILING_PER_MTOK) > 0) {
                drop(field, Rule.PRICE_ABOVE_CEILING, plain(price));
            }
        }
    }

    private void checkOutputAgainstInput() {
        BigDecimal input = prices.get(PriceField.INPUT);
        BigDecimal output = prices.get(PriceField.OUTPUT);
        if (model.mode() == Mode.CHAT && positive(input) && positive(output)
                && output.compareTo(input.multiply(MIN_OUTPUT_TO_INPUT)) < 0) {
            // Either side could be the wrong one, so neither is shipped.
            String value = plain(output) + " (input " + plain(input) + ")";
            drop(PriceField.OUTPUT, Rule.OUTPUT_BELOW_INPUT, value);
            drop(PriceField.INPUT, Rule.OUTPUT_BELOW_INPUT, value);
        }
    }

    private void checkCacheAgainstInput() {
        BigDecimal input = prices.get(PriceField.INPUT);
        if (!positive(input)) {
            return;
        }
        String ofInput = " (input " + plain(input) + ")";
        BigDecimal read = prices.get(PriceField.CACHE_READ);
        if (read != null && read.compareTo(input) > 0) {
            drop(PriceField.CACHE_READ, Rule.CACHE_READ_ABOVE_INPUT, plain(read) + ofInput);
        } else if (read != null && read.compareTo(input.multiply(MIN_CACHE_READ_TO_INPUT)) < 0) {
            drop(PriceField.CACHE_READ, Rule.CACHE_READ_DISCOUNT_TOO_DEEP, plain(read) + ofInput);
        }
        BigDecimal write = prices.get(PriceField.CACHE_WRITE);
        if (write != null && write.compareTo(input) < 0) {
            drop(PriceField.CACHE_WRITE, Rule.CACHE_WRITE_BELOW_INPUT, plain(write) + ofInput);
        } else if (write != null && write.compareTo(input.multiply(MAX_CACHE_WRITE_TO_INPUT)) > 0) {
            drop(PriceField.CACHE_WRITE, Rule.CACHE_WRITE_TOO_HIGH, plain(write) + ofInput);
        }
    }

    private void checkZeroPrices() {
        if (model.provider().equals(LOCAL_PROVIDER)) {
            return;
        }
        for (PriceField field : PriceField.values()) {
            // An embedding's output price is legitimately zero: it returns no tokens.
            boolean exempt = field == PriceField.OUTPUT && model.mode() == Mode.EMBEDDING;
            BigDecimal price = prices.get(field);
            if (!exempt && price != null && price.signum() == 0) {
                drop(field, Rule.ZERO_PRICE, "0");
            }
        }
    }

    private void checkAgainst(OpenRouterIndex.Listing listing) {
        for (PriceField field : PriceField.values()) {
            BigDecimal ours = prices.get(field);
            BigDecimal theirs = listing.prices().get(field);
            if (ours == null || theirs == null) {
                continue;
            }
            BigDecimal allowed = ours.max(theirs).multiply(OPENROUTER_TOLERANCE);
            if (ours.subtract(theirs).abs().compareTo(allowed) > 0) {
                drop(field, Rule.DISAGREES_WITH_OPENROUTER,
                        plain(ours) + " (OpenRouter " + listing.id() + ": " + plain(theirs) + ")");
            }
        }
    }

    private Integer checkedMaxOutput() {
        Integer maxOutput = model.maxOutputTokens();
        if (maxOutput != null && maxOutput > model.contextWindow()) {
            findings.add(new Finding(model.id(), Rule.MAX_OUTPUT_EXCEEDS_CONTEXT, "max_output_tokens",
                    maxOutput + " (context " + model.contextWindow() + ")", Action.NULLED_FIELD));
            return null;
        }
        return maxOutput;
    }

    private void drop(PriceField field, Rule rule, String value) {
        prices.remove(field);
        findings.add(new Finding(model.id(), rule, field.path(), value, Action.NULLED_FIELD));
    }

    private static boolean positive(BigDecimal price) {
        return price != null && price.signum() > 0;
    }

    private static String plain(BigDecimal price) {
        return price.stripTrailingZeros().toPlainString();
    }
}
