package dev.switchboard.server;

import dev.switchboard.auth.KeyAuthenticator;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.Governance;
import dev.switchboard.governance.alerts.AlertSink;
import dev.switchboard.governance.alerts.WebhookAlerts;
import dev.switchboard.governance.budget.BudgetGuard;
import dev.switchboard.governance.byok.TeamCredentials;
import dev.switchboard.governance.ledger.LedgerWriter;
import dev.switchboard.governance.privacy.Redactor;
import dev.switchboard.governance.privacy.RequestLog;
import dev.switchboard.governance.privacy.RetentionSweeper;
import dev.switchboard.governance.ratelimit.RateLimiter;
import dev.switchboard.pipeline.Admission;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The governance parts on the API's request path, built over one {@link Governance}: the key
 * check, admission (rate limits and budgets), team credentials, and the writers that take
 * records off the request thread (usage ledger, opted-in request log). Everything the request
 * path reads is held in memory; this class keeps those views fresh — at once when an admin
 * changes something through this node, and every {@link #REFRESH} for changes made through
 * another node sharing the database.
 *
 * <p>{@link #close} runs after the HTTP server has stopped, so the writers drain every record
 * of the requests that finished, and before the database closes.
 */
final class GovernedPath implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GovernedPath.class);
    // How stale this node's view of keys, limits and budgets may get when another gateway sharing
    // the database changes them (changes made through this node apply at once).
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final KeyAuthenticator auth;
    private final Admission admission;
    private final TeamCredentials teamCredentials;
    private final Optional<LedgerWriter> ledger;
    private final RequestLog requestLog;
    private final RetentionSweeper retention;
    private final AlertSink alerts;
    private final ScheduledExecutorService refresher;

    private GovernedPath(KeyAuthenticator auth, Admission admission, TeamCredentials teamCredentials, Optional<LedgerWriter> ledger,
                         RequestLog requestLog, RetentionSweeper retention, AlertSink alerts, ScheduledExecutorService refresher) {
        this.auth = auth;
        this.admission = admission;
        this.teamCredentials = teamCredentials;
        this.ledger = ledger;
        this.requestLog = requestLog;
        this.retention = retention;
        this.alerts = alerts;
        this.refresher = refresher;
    }

    static GovernedPath create(GatewayConfig config, Governance governance, Function<String, String> env, Clock clock) {
        GatewayConfig.Alerts alertConfig = config.governance().alerts();
        AlertSink alerts = alertConfig == null || alertConfig.webhookUrl() == null ? AlertSink.NONE : new WebhookAlerts(alertConfig.webhookUrl());
        KeyAuthenticator auth = new KeyAuthenticator(config.auth(), KeyAuthenticator.requiredByConfig(config, env), governance,
                clock, governance.audit()::authFailure);
        RateLimiter limiter = new RateLimiter(governance.rateLimits(), clock);
        BudgetGuard budgets = new BudgetGuard(governance.budgets(), governance.jdbc(), clock, alerts);
        TeamCredentials teamCredentials = new TeamCredentials(governance.credentials(), clock);
        Runnable refresh = () -> {
            auth.refresh();
            limiter.refresh();
            budgets.refresh();
            teamCredentials.clear();
        };
        governance.onChange(refresh);
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("governance-refresh").factory());
        refresher.scheduleWithFixedDelay(() -> {
            try {
                refresh.run();
            } catch (RuntimeException e) {
                // Keep serving from the last view; the next round tries again.
                LOG.warn("Refreshing keys, limits and budgets from the database failed: {}", e.toString());
            }
        }, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        return new GovernedPath(auth, new Admission(limiter, budgets), teamCredentials,
                config.governance().ledger().enabled() ? Optional.of(new LedgerWriter(governance.jdbc(), config.governance().ledger()))
                        : Optional.empty(),
                new RequestLog(governance.jdbc(), new Redactor(), config.governance().ledger()),
                new RetentionSweeper(governance.jdbc(), clock).start(), alerts, refresher);
    }

    KeyAuthenticator auth() {
        return auth;
    }

    Admission admission() {
        return admission;
    }

    TeamCredentials teamCredentials() {
        return teamCredentials;
    }

    /** The usage ledger; empty when {@code governance.ledger.enabled} is false. */
    Optional<LedgerWriter> ledger() {
        return ledger;
    }

    RequestLog requestLog() {
        return requestLog;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        retention.close();
        ledger.ifPresent(LedgerWriter::close);
        requestLog.close();
        if (alerts instanceof WebhookAlerts webhook) {
            webhook.close();
        }
    }
}
