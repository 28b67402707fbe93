package dev.switchboard.usage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per request to the {@code switchboard.usage} logger: ids, models, tokens, cost
 * and outcome, never message text. Logback's async appender keeps the write off the request path.
 */
public final class LoggingUsageRecorder implements UsageRecorder {
    private static final Logger LOG = LoggerFactory.getLogger("switchboard.usage");

    @Override
    public void record(UsageRecord r) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        TokenUsage u = r.usage();
        LOG.info("endpoint={} model={} provider={} served={} stream={} outcome={} status={} input={} cached={} cache_write={} output={} reasoning={} cost_usd={} latency_ms={} attempts={}",
                r.endpoint(), r.requestedModel(), r.provider(), r.servedModel(), r.stream(), r.outcome(), r.httpStatus(),
                u == null ? "-" : u.inputTokens(), u == null ? "-" : u.cacheReadTokens(), u == null ? "-" : u.cacheWriteTokens(),
                u == null ? "-" : u.outputTokens(), u == null ? "-" : u.reasoningTokens(),
                r.costUsd() == null ? "unknown" : r.costUsd().toPlainString(), r.latencyMicros() / 1000.0, attempts(r));
    }

    /** {@code [openai/gpt-4o:rate_limit:429:12ms, azure/gpt-4o:served:200:340ms]}; {@code []} when no upstream was called. */
    private static String attempts(UsageRecord r) {
        StringBuilder out = new StringBuilder("[");
        for (UsageRecord.Attempt a : r.attempts()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(a.deployment()).append(':').append(a.result().wireName()).append(':').append(a.status())
                    .append(':').append(a.latencyMicros() / 1000).append("ms");
        }
        return out.append(']').toString();
    }
}
