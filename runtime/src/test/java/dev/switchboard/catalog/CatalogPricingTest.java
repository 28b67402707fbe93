package dev.switchboard.catalog;

import dev.switchboard.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Pricing#costOf} is exact, hand-worked. */
class CatalogPricingTest {

    private static final Pricing SONNET = Pricing.perMillion("3", "15", "0.3", "3.75");

    @Test
    void costsPlainInputAndOutputPerMillionTokens() {
        // 1,000 x $3/M + 500 x $15/M = 0.003 + 0.0075
        var usage = new TokenUsage(1_000, 0, 0, 500, 0);

        assertThat(SONNET.costOf(usage)).contains(new BigDecimal("0.0105"));
    }

    @Test
    void costsCacheReadsAndWritesAtTheirOwnPrices() {
        // uncached 2,000 x $3 + reads 6,000 x $0.3 + writes 2,000 x $3.75 + output 1,000 x $15, per million
        // = 0.006 + 0.0018 + 0.0075 + 0.015
        var usage = new TokenUsage(10_000, 6_000, 2_000, 1_000, 400);

        assertThat(SONNET.costOf(usage)).contains(new BigDecimal("0.0303"));
    }

    @Test
    void fallsBackToTheInputPriceForUnknownCachePrices() {
        // 10,000 input tokens all at $2.5/M whatever their cache state, + 1 output token at $10/M
        var pricing = Pricing.perMillion("2.5", "10", null, null);
        var usage = new TokenUsage(10_000, 6_000, 2_000, 1, 0);

        assertThat(pricing.costOf(usage)).contains(new BigDecimal("0.02501"));
    }

    @Test
    void keepsEveryDigitOfTinyCosts() {
        // one token at $0.0028/M is $0.0000000028: no rounding to a currency scale
        var pricing = Pricing.perMillion("0.0028", "0.0028", null, null);

        assertThat(pricing.costOf(new TokenUsage(1, 0, 0, 0, 0))).contains(new BigDecimal("0.0000000028"));
    }

    @Test
    void anUnknownInputPriceYieldsNoCost() {
        var pricing = Pricing.perMillion(null, "10", "1", "1");

        assertThat(pricing.costOf(new TokenUsage(10, 0, 0, 10, 0))).isEmpty();
    }

    @Test
    void anUnknownOutputPriceYieldsNoCost() {
        var pricing = Pricing.perMillion("1", null, null, null);

        assertThat(pricing.costOf(TokenUsage.NONE)).isEmpty();
    }

    @Test
    void equalPricesWrittenDifferentlyAreEqual() {
        assertThat(Pricing.perMillion("2.50", "10", null, null))
                .isEqualTo(new Pricing(new BigDecimal("2.5"), new BigDecimal("1E+1"), null, null));
    }

    @Test
    void rejectsANegativePriceNamingIt() {
        assertThatThrownBy(() -> Pricing.perMillion("-1", "1", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input").hasMessageContaining("-1");
    }
}
