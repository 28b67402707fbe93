package dev.switchboard.catalog;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.switchboard.usage.TokenUsage;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A model's token prices in USD per million tokens. A {@code null} price is unknown, never free:
 * the catalog generator nulls prices it cannot trust rather than shipping a guess.
 *
 * <p>Values are normalised on construction (trailing zeros stripped, never a negative scale), so
 * two equal prices are {@code equals} and print without an exponent.
 *
 * @param inputPerMTok      uncached prompt tokens
 * @param outputPerMTok     completion tokens, reasoning included
 * @param cacheReadPerMTok  prompt tokens served from the prompt cache; unknown falls back to input
 * @param cacheWritePerMTok prompt tokens written to the prompt cache; unknown falls back to input
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"input", "output", "cache_read", "cache_write"})
public record Pricing(
        @JsonProperty("input") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal inputPerMTok,
        @JsonProperty("output") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal outputPerMTok,
        @JsonProperty("cache_read") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal cacheReadPerMTok,
        @JsonProperty("cache_write") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal cacheWritePerMTok) {

    /** Nothing known. */
    public static final Pricing UNKNOWN = new Pricing(null, null, null, null);

    private static final int TOKENS_PER_PRICE_UNIT_EXPONENT = 6; // prices are per 1,000,000 tokens

    public Pricing {
        inputPerMTok = normalise("input", inputPerMTok);
        outputPerMTok = normalise("output", outputPerMTok);
        cacheReadPerMTok = normalise("cache_read", cacheReadPerMTok);
        cacheWritePerMTok = normalise("cache_write", cacheWritePerMTok);
    }

    /**
     * Prices from decimal strings in USD per million tokens, e.g. from config; {@code null} means
     * unknown.
     *
     * @throws NumberFormatException    if a value is not a decimal number
     * @throws IllegalArgumentException if a value is negative
     */
    public static Pricing perMillion(String input, String output, String cacheRead, String cacheWrite) {
        return new Pricing(parse(input), parse(output), parse(cacheRead), parse(cacheWrite));
    }

    /**
     * The exact USD cost of one call: uncached input at the input price, cache reads and cache writes
     * at their own prices (the input price when theirs is unknown) and output at the output price.
     * The result is exact (no rounding); empty when the input or output price is unknown.
     */
    public Optional<BigDecimal> costOf(TokenUsage usage) {
        if (inputPerMTok == null || outputPerMTok == null) {
            return Optional.empty();
        }
        BigDecimal microDollars = times(usage.uncachedInputTokens(), inputPerMTok)
                .add(times(usage.cacheReadTokens(), cacheReadPerMTok != null ? cacheReadPerMTok : inputPerMTok))
                .add(times(usage.cacheWriteTokens(), cacheWritePerMTok != null ? cacheWritePerMTok : inputPerMTok))
                .add(times(usage.outputTokens(), outputPerMTok));
        // movePointLeft is exact: it only changes the scale, so no rounding mode is ever needed.
        return Optional.of(microDollars.movePointLeft(TOKENS_PER_PRICE_UNIT_EXPONENT).stripTrailingZeros());
    }

    private static BigDecimal times(long tokens, BigDecimal pricePerMTok) {
        return BigDecimal.valueOf(tokens).multiply(pricePerMTok);
    }

    private static BigDecimal parse(String value) {
        return value == null ? null : new BigDecimal(value.strip());
    }

    private static BigDecimal normalise(String field, BigDecimal price) {
        if (price == null) {
            return null;
        }
        if (price.signum() < 0) {
            throw new IllegalArgumentException(field + " price must not be negative: " + price.toPlainString());
        }
        BigDecimal stripped = price.stripTrailingZeros();
        // A negative scale (10 stripped is 1E+1) would print with an exponent; keep prices plain.
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
