package dev.switchboard.catalog;

import java.util.Objects;

/**
 * A value from the upstream price list that the catalog generator did not ship as-is, with the rule
 * that caught it and what was done instead. Findings are written to {@code catalog/findings.md} so a
 * reviewer sees everything that was withheld.
 *
 * @param id     catalog id of the affected model
 * @param rule   the check that fired
 * @param field  the catalog field concerned, e.g. {@code pricing.cache_read}
 * @param value  the offending upstream value (prices in USD per million tokens), with context
 * @param action what the generator did about it
 */
public record Finding(String id, Rule rule, String field, String value, Action action) {

    /** What the generator did with a suspicious value. */
    public enum Action {
        /** The field was shipped as {@code null} (unknown); the rest of the entry was kept. */
        NULLED_FIELD,
        /** The whole entry was left out of the catalog. */
        DROPPED_ENTRY
    }

    /** The checks, each with the reason it exists. */
    public enum Rule {
        NEGATIVE_PRICE("a price below zero cannot be right"),
        PRICE_ABOVE_CEILING("above $1000 per million tokens, far beyond any listed model: a unit or scale error"),
        ZERO_PRICE("$0 on a paid hosted API would make the model look free to routing and budgets"),
        OUTPUT_BELOW_INPUT("chat output priced under a quarter of input: the two are likely swapped or mis-scaled"),
        CACHE_READ_ABOVE_INPUT("a cache hit priced above a cache miss defeats the point of caching"),
        CACHE_READ_DISCOUNT_TOO_DEEP("cache hit under 5% of input: deeper than any provider's published discount (90%)"),
        CACHE_WRITE_BELOW_INPUT("cache writes are billed at least at the input price; a lower value under-bills"),
        CACHE_WRITE_TOO_HIGH("cache write above 2x input, more than any provider's write surcharge"),
        DISAGREES_WITH_OPENROUTER("differs by more than 1% from OpenRouter's pass-through price for the vendor's own model"),
        DUPLICATE_KEY_CONFLICT("two LiteLLM keys name the same model with different values; neither is trusted"),
        MAX_OUTPUT_EXCEEDS_CONTEXT("a completion cannot be longer than the context window"),
        MISSING_CONTEXT_WINDOW("without a context window the router cannot tell whether a prompt fits");

        private final String reason;

        Rule(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(action, "action");
    }

    /** Why the rule exists, in words a reviewer can check. */
    public String reason() {
        return rule.reason();
    }
}
