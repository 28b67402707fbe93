package dev.switchboard.relay;

import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord.Outcome;
import java.math.BigDecimal;

/**
 * How a relayed answer ended and what it consumed, whatever the formats on either side.
 *
 * @param usage the upstream's token counts; null when it reported none
 * @param cost  the cost of {@code usage}; null when unknown
 */
public record Relayed(Outcome outcome, TokenUsage usage, BigDecimal cost) {
    public static final Relayed CLIENT_DISCONNECTED = new Relayed(Outcome.CLIENT_DISCONNECTED, null, null);

    /** An answer that reached the client in full: completed, or with usage missing when the upstream reported none. */
    public static Relayed finished(TokenUsage usage, BigDecimal cost) {
        return new Relayed(usage == null ? Outcome.USAGE_MISSING : Outcome.COMPLETED, usage, cost);
    }
}
