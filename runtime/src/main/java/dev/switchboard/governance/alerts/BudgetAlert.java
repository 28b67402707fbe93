package dev.switchboard.governance.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The event sent when a budget's spend crosses one of its alert thresholds: once per threshold
 * per period. Amounts are nano-dollars (10^-9 USD) and, for people, USD strings.
 *
 * @param threshold the percentage of the limit that was crossed
 * @param resetsAt  when the budget's period ends and its spend starts again from zero (ISO-8601, as are the other times)
 */
public record BudgetAlert(
        @JsonProperty("type") String type,
        @JsonProperty("budget_id") String budgetId,
        @JsonProperty("scope") String scope,
        @JsonProperty("scope_id") String scopeId,
        @JsonProperty("period") String period,
        @JsonProperty("threshold_percent") int threshold,
        @JsonProperty("limit_nanos") long limitNanos,
        @JsonProperty("spent_nanos") long spentNanos,
        @JsonProperty("limit_usd") String limitUsd,
        @JsonProperty("spent_usd") String spentUsd,
        @JsonProperty("period_start") String periodStart,
        @JsonProperty("resets_at") String resetsAt,
        @JsonProperty("time") String time) {
    public static final String TYPE = "budget.threshold_crossed";
}
