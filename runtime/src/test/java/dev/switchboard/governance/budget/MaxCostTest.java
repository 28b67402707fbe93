package dev.switchboard.governance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.testing.NamedProvider;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaxCostTest {
    private static Deployment priced(String input, String output, String cacheWrite, Integer maxOutput) {
        CatalogEntry entry = new CatalogEntry("p/m", "p", "m", CatalogEntry.Mode.CHAT, null, maxOutput, null,
                Pricing.perMillion(input, output, null, cacheWrite), null);
        return new Deployment(new NamedProvider("p"), "m", 1, Optional.of(entry));
    }

    @Test
    void the_dearest_deployment_sets_the_bound() {
        long nanos = MaxCost.nanos(List.of(priced("1", "2", null, null), priced("3", "15", null, null)), 100, 10, 1);

        // 100 x $3/M + 10 x $15/M = $0.00045
        assertThat(nanos).isEqualTo(450_000);
    }

    @Test
    void every_choice_may_use_the_whole_completion_limit() {
        assertThat(MaxCost.nanos(List.of(priced("0", "1", null, null)), 0, 10, 3)).isEqualTo(30_000);
    }

    @Test
    void without_max_tokens_the_catalogs_limit_or_else_the_default_bounds_the_completion() {
        assertThat(MaxCost.nanos(List.of(priced("0", "1", null, 200)), 0, null, 1)).isEqualTo(200_000);
        assertThat(MaxCost.nanos(List.of(priced("0", "1", null, null)), 0, null, 1))
                .isEqualTo(MaxCost.DEFAULT_MAX_OUTPUT_TOKENS * 1_000L);
    }

    @Test
    void a_dearer_cache_write_price_is_assumed_for_the_prompt() {
        assertThat(MaxCost.nanos(List.of(priced("3", "0", "3.75", null)), 1000, 0, 1)).isEqualTo(3_750_000);
    }

    @Test
    void ten_thousand_choices_of_the_largest_max_tokens_at_a_dear_price_saturate_instead_of_overflowing() {
        // 10,000 x 2,147,483,647 tokens at $1,000/M is about $21 billion: more nano-dollars than a long holds.
        assertThat(MaxCost.nanos(List.of(priced("1", "1000", null, null)), 100, Integer.MAX_VALUE, 10_000))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void an_unpriced_deployment_reserves_nothing() {
        Deployment unpriced = new Deployment(new NamedProvider("p"), "m", 1, Optional.empty());

        assertThat(MaxCost.nanos(List.of(unpriced), 1000, 100, 1)).isZero();
    }

    @Test
    void a_cost_is_charged_in_whole_nano_dollars_rounded_up() {
        assertThat(BudgetReservation.nanos(new BigDecimal("0.0000000001"))).isEqualTo(1);
        assertThat(BudgetReservation.nanos(new BigDecimal("0.000450"))).isEqualTo(450_000);
    }
}
