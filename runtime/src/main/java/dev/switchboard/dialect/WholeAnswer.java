package dev.switchboard.dialect;

import dev.switchboard.usage.TokenUsage;
import java.math.BigDecimal;

/**
 * A whole answer as an upstream sent it in its own wire format, read and priced: the body with
 * the cost added to its usage, the usage, and whether the vendor's safety system refused.
 *
 * @param usage   the tokens it consumed, or null when the upstream reported none
 * @param cost    their cost, or null when unknown
 * @param refused whether the vendor's safety system refused the request in an otherwise normal answer
 */
public record WholeAnswer(byte[] body, TokenUsage usage, BigDecimal cost, boolean refused) {
}
