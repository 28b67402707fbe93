package dev.switchboard.pipeline;

import dev.switchboard.deployment.Deployment;
import dev.switchboard.routing.Decision;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord.Outcome;
import dev.switchboard.usage.UsageRecord;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What a model call that got an answer did, as recorded in the usage ledger.
 *
 * @param deployment the deployment that answered
 * @param attempts   the upstream attempts made, the serving one among them
 * @param outcome    how the delivery ended: completed, cut, or its receiver gone
 * @param usage      the answer's tokens; null when the upstream reported none
 * @param cost       their cost in USD; null when unknown
 * @param decision   the router's choice, for a model of {@code auto}; null otherwise
 * @param headers    every header shown to the receiver along the way
 */
public record CallOutcome(Deployment deployment, List<UsageRecord.Attempt> attempts, Outcome outcome,
                          TokenUsage usage, BigDecimal cost, Decision decision, Map<String, String> headers) {
}
