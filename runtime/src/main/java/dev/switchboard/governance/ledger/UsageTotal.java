package dev.switchboard.governance.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * The totals of one group of ledger rows.
 *
 * @param group            the group's value (a team id, a model name, a day, ...); null for rows without one,
 *                         e.g. requests made with a config-file key have no team
 * @param requests         requests of every outcome
 * @param inputTokens      prompt tokens, cached ones included
 * @param outputTokens     completion tokens, reasoning included
 * @param cachedTokens     prompt tokens read from the provider's cache
 * @param reasoningTokens  completion tokens spent on reasoning
 * @param costNanos        exact cost in nano-dollars: the sum of the priced requests (unpriced ones add nothing)
 * @param failedRequests   requests that failed or whose stream broke off
 */
public record UsageTotal(@JsonProperty("group") String group,
                         @JsonProperty("requests") long requests,
                         @JsonProperty("input_tokens") long inputTokens,
                         @JsonProperty("output_tokens") long outputTokens,
                         @JsonProperty("cached_tokens") long cachedTokens,
                         @JsonProperty("reasoning_tokens") long reasoningTokens,
                         @JsonProperty("cost_nanos") long costNanos,
                         @JsonProperty("failed_requests") long failedRequests) {

    /** The cost in USD as an exact plain decimal, e.g. {@code 12.5} or {@code 0.000123}. */
    @JsonProperty("cost_usd")
    public String costUsd() {
        return BigDecimal.valueOf(costNanos, 9).stripTrailingZeros().toPlainString();
    }
}
