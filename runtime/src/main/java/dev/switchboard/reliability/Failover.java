package dev.switchboard.reliability;

import dev.switchboard.error.GatewayException;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.Watchdog;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.time.Sleeper;
import dev.switchboard.time.Ticker;
import dev.switchboard.usage.AttemptResult;
import dev.switchboard.usage.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover loop: gets one request an answer by trying the models of its {@link Plan} in order
 * and, within each model, its deployments as the balancer ranks them, until an attempt produces
 * an answer that is ready to relay or the plan is spent.
 * <ul>
 *   <li>A failure the request caused ends the loop at once, unless a fallback takes that kind of
 *       failure (a context window exceeded, a content-policy refusal).</li>
 *   <li>Rate limits, server errors and timeouts are retried, up to the model's attempts: a
 *       deployment not yet tried goes at once; trying one again waits for exponential backoff
 *       with full jitter; a deployment cooling down after a 429 waits for its {@code Retry-After}.</li>
 *   <li>Nothing waits past the request's deadline.</li>
 *   <li>With hedging on, an attempt that has not answered after the hedge delay gets a racing
 *       twin on another deployment; the first answer wins and the other is cancelled.</li>
 * </ul>
 * Every attempt is written to the request's {@link AttemptLog}. Attempts run on the request's own
 * thread, except hedged ones, which run on virtual threads of their own.
 *
 * <p>Time is read from one {@link Ticker} and waited for through its {@link Sleeper}; the health
 * board and the watchdog must run on the same ticker, since their times are compared with the
 * loop's (cool-down ends, deadlines).
 */
public final class Failover {
    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);
    private static final GatewayException.Unavailable LOST_RACE =
            new GatewayException.Unavailable("Cancelled: a hedged attempt on another deployment answered first.");

    private final Balancer balancer;
    private final HealthBoard board;
    private final Watchdog watchdog;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final Supplier<RandomGenerator> random;

    /**
     * @param ticker  the time deadlines ({@link Plan#deadlineNanos()}) are in
     * @param sleeper waits on {@code ticker}: back-offs, cool-downs, hedge delays
     * @param random  the calling thread's random numbers, for back-off jitter and weighted balancing
     */
    public Failover(HealthBoard board, Watchdog watchdog, Ticker ticker, Sleeper sleeper, Supplier<RandomGenerator> random) {
        this.board = board;
        this.balancer = new Balancer(board, ticker, random);
        this.watchdog = watchdog;
        this.ticker = ticker;
        this.sleeper = sleeper;
        this.random = random;
    }

    /**
     * @throws GatewayException the last attempt's failure when no attempt succeeded, or a timeout
     *                          when the deadline passed first
     */
    public <A extends Answer> Served<A> run(Plan plan, Attempt<A> attempt, AttemptLog log) {
        Failure lastKind = null;
        GatewayException lastError = null;
        List<Stage> stages = plan.stages();
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            if (s > 0 && !stage.enterOn().contains(lastKind)) {
                continue;
            }
            Set<Deployment> tried = new HashSet<>(4);
            int backoffs = 0;
            for (int n = 0; n < stage.maxAttempts(); n++) {
                requireTimeLeft(plan, log, lastError);
                List<Deployment> candidates = candidatesAfterCooldown(plan, stage, tried);
                if (candidates.isEmpty()) {
                    lastError = rateLimited(stage, lastError);
                    lastKind = Failure.RATE_LIMIT;
                    break;
                }
                if (tried.contains(candidates.get(0))) {
                    sleepUntil(Math.min(ticker.read() + plan.backoff().delayNanos(++backoffs, random.get()), plan.deadlineNanos()));
                    requireTimeLeft(plan, log, lastError);
                }
                Balancer.Chosen chosen = balancer.acquire(candidates);
                if (chosen == null) {
                    lastError = new GatewayException.Unavailable("Every deployment of '" + stage.model()
                            + "' is failing and out of rotation (circuit open); try again shortly.");
                    lastKind = Failure.SERVER_ERROR;
                    break;
                }
                tried.add(chosen.deployment());
                Result<A> result = plan.hedge() != null
                        ? race(plan, stage, chosen, attempt, log, tried)
                        : once(plan, chosen, attempt, CallControl.until(plan.deadlineNanos(), ticker));
                if (result.error() == null) {
                    A answer = result.answer();
                    if (answer.refused() && laterStageTakes(stages, s, Failure.CONTENT_POLICY)) {
                        logAttempt(log, result.deployment(), AttemptResult.CONTENT_POLICY, 200, result.startNanos(), answer.usage());
                        answer.close();
                        result.permit().succeeded(plan.stream());
                        lastError = new GatewayException.UpstreamRejected(400, "The model '" + stage.model()
                                + "' refused the request under its content policy.", "invalid_request_error", null, "content_filter", null);
                        lastKind = Failure.CONTENT_POLICY;
                        break;
                    }
                    if (!answer.local()) {
                        logAttempt(log, result.deployment(), AttemptResult.SERVED, 200, result.startNanos(), null);
                    }
                    return new Served<>(answer, result.deployment(), result.permit(), plan.stream());
                }
                lastError = result.error();
                lastKind = Failure.of(lastError);
                logAttempt(log, result.deployment(), lastKind.result(), lastError.status(), result.startNanos(), null);
                if (!lastKind.retryable()) {
                    break;
                }
            }
        }
        throw lastError;
    }

    /** The outcome of one attempt: an answer, or the error it failed with. */
    private record Result<A extends Answer>(Deployment deployment, DeploymentHealth.Permit permit, long startNanos,
                                            A answer, GatewayException error) {
    }

    private <A extends Answer> Result<A> once(Plan plan, Balancer.Chosen chosen, Attempt<A> attempt, CallControl control) {
        Watchdog.Armed firstTokenLimit = armFirstTokenLimit(plan, chosen.deployment(), control);
        long start = chosen.permit().startNanos();
        try {
            A answer = attempt.run(chosen.deployment(), control);
            chosen.permit().firstToken();
            if (answer.local()) {
                chosen.permit().released();
            }
            return new Result<>(chosen.deployment(), chosen.permit(), start, answer, null);
        } catch (GatewayException e) {
            // An aborted call fails with whatever broke in it; the abort's reason is the real cause.
            GatewayException error = control.abortReason() != null ? control.abortReason() : e;
            if (error == LOST_RACE) {
                chosen.permit().lostRace(plan.stream());
            } else {
                chosen.permit().failed(Failure.of(error), retryAfter(error));
            }
            return new Result<>(chosen.deployment(), chosen.permit(), start, null, error);
        } catch (RuntimeException e) {
            chosen.permit().released();
            throw e;
        } finally {
            firstTokenLimit.disarm();
        }
    }

    /** For streams, aborts the attempt when no first token has come by the first-token timeout or the deadline. */
    private Watchdog.Armed armFirstTokenLimit(Plan plan, Deployment deployment, CallControl control) {
        if (!plan.stream()) {
            // Complete answers are bounded by the HTTP client's call timeout, which the control caps at the deadline.
            return Watchdog.Armed.NOTHING;
        }
        long untilDeadline = plan.deadlineNanos() - ticker.read();
        Duration ttft = plan.firstTokenTimeout();
        if (ttft != null && ttft.toNanos() < untilDeadline) {
            return watchdog.arm(ttft.toNanos(), () -> control.abort(new GatewayException.UpstreamTimeout(
                    "No first token from " + deployment.id() + " within " + ttft.toMillis() + " ms.")));
        }
        return watchdog.arm(untilDeadline, () -> control.abort(deadlinePassed(plan)));
    }

    /**
     * Runs {@code first}, and after the hedge delay, if it has not answered, a second attempt on
     * another deployment of the same model. The first answer wins; the other attempt is aborted.
     * Attempts other than the returned one are logged here.
     */
    private <A extends Answer> Result<A> race(Plan plan, Stage stage, Balancer.Chosen first, Attempt<A> attempt,
                                              AttemptLog log, Set<Deployment> tried) {
        Race<A> race = new Race<>(plan, attempt);
        race.start(first);
        long hedgeAt = ticker.read() + plan.hedge().delayFor(board.of(first.deployment()), plan.stream()).toNanos();
        race.awaitUntil(Math.min(hedgeAt, plan.deadlineNanos()));
        if (!race.settled()) {
            List<Deployment> others = new ArrayList<>(balancer.candidates(stage.deployments(), stage.balance(), plan.stream(), tried));
            others.remove(first.deployment());
            Balancer.Chosen second = balancer.acquire(others);
            if (second != null) {
                tried.add(second.deployment());
                race.start(second);
            }
        }
        race.awaitUntil(plan.deadlineNanos());
        if (!race.settled()) {
            // Attempts end by the deadline on their own (call timeouts, the first-token watchdog); this is the backstop.
            race.abortAll(deadlinePassed(plan));
            race.awaitUntil(Long.MAX_VALUE);
        }
        return race.settle(log);
    }

    /** Up to two racing attempts, each on a virtual thread of its own that reports here. */
    private final class Race<A extends Answer> {
        private final Plan plan;
        private final Attempt<A> attempt;
        // Guarded by this.
        private final List<Runner<A>> runners = new ArrayList<>(2);
        private final List<Result<A>> failures = new ArrayList<>(2);
        private Result<A> winner;
        private int running;

        Race(Plan plan, Attempt<A> attempt) {
            this.plan = plan;
            this.attempt = attempt;
        }

        void start(Balancer.Chosen chosen) {
            Runner<A> runner = new Runner<>(chosen, CallControl.until(plan.deadlineNanos(), ticker));
            synchronized (this) {
                runners.add(runner);
                running++;
            }
            Thread.ofVirtual().name("switchboard-hedge").start(() -> {
                Result<A> result;
                try {
                    result = once(plan, chosen, attempt, runner.control);
                } catch (RuntimeException e) {
                    LOG.error("Hedged attempt on {} failed inside the gateway", chosen.deployment().id(), e);
                    result = new Result<>(chosen.deployment(), chosen.permit(), chosen.permit().startNanos(), null,
                            new GatewayException.Unavailable("The attempt failed inside the gateway."));
                }
                finished(runner, result);
            });
        }

        private synchronized void finished(Runner<A> runner, Result<A> result) {
            running--;
            runner.result = result;
            if (winner != null) {
                // Lost the race but answered anyway: drop the answer and free the deployment.
                if (result.error() == null) {
                    result.answer().close();
                    result.permit().lostRace(plan.stream());
                }
                return;
            }
            if (result.error() == null) {
                winner = result;
            } else {
                failures.add(result);
            }
            notifyAll();
        }

        synchronized boolean settled() {
            return winner != null || running == 0;
        }

        synchronized void abortAll(GatewayException reason) {
            runners.forEach(r -> r.control.abort(reason));
        }

        /** Waits until an attempt answered, all failed, or {@code untilNanos} ({@link Long#MAX_VALUE}: no limit) passed. */
        synchronized void awaitUntil(long untilNanos) {
            try {
                while (!settled()) {
                    if (untilNanos == Long.MAX_VALUE) {
                        wait();
                    } else if (untilNanos - ticker.read() > 0) {
                        sleeper.waitUntil(this, untilNanos);
                    } else {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                abortAll(LOST_RACE);
                Thread.currentThread().interrupt();
                throw new GatewayException.Unavailable("The gateway is shutting down.");
            }
        }

        /**
         * The winner, or the last failure when all failed. Every other attempt is logged: a failure
         * as its kind, one still running (or answering after the winner) as cancelled, and aborted.
         */
        synchronized Result<A> settle(AttemptLog log) {
            Result<A> result = winner != null ? winner : failures.get(failures.size() - 1);
            for (Runner<A> runner : runners) {
                if (runner.result == result) {
                    continue;
                }
                if (runner.result != null && failures.contains(runner.result)) {
                    GatewayException error = runner.result.error();
                    logAttempt(log, runner.chosen.deployment(), Failure.of(error).result(), error.status(), runner.result.startNanos(), null);
                } else {
                    runner.control.abort(LOST_RACE);
                    logAttempt(log, runner.chosen.deployment(), AttemptResult.CANCELLED, 0, runner.chosen.permit().startNanos(), null);
                }
            }
            return result;
        }
    }

    /** One racing attempt; {@code result} is set, under the race's lock, when it ends. */
    private static final class Runner<A extends Answer> {
        private final Balancer.Chosen chosen;
        private final CallControl control;
        private Result<A> result;

        Runner(Balancer.Chosen chosen, CallControl control) {
            this.chosen = chosen;
            this.control = control;
        }
    }

    /**
     * The deployments to try next. When every one cools down after a rate limit, waits for the
     * first to come back if that is no longer than the longest backoff and within the deadline;
     * a longer {@code Retry-After} goes back to the client, whose own retry can wait for it.
     */
    private List<Deployment> candidatesAfterCooldown(Plan plan, Stage stage, Set<Deployment> tried) {
        List<Deployment> candidates = balancer.candidates(stage.deployments(), stage.balance(), plan.stream(), tried);
        if (!candidates.isEmpty()) {
            return candidates;
        }
        long wake = balancer.earliestCooldownEnd(stage.deployments());
        if (wake - plan.deadlineNanos() >= 0 || wake - ticker.read() > plan.backoff().max().toNanos()) {
            return List.of();
        }
        sleepUntil(wake);
        return balancer.candidates(stage.deployments(), stage.balance(), plan.stream(), tried);
    }

    private static boolean laterStageTakes(List<Stage> stages, int current, Failure failure) {
        for (int s = current + 1; s < stages.size(); s++) {
            if (stages.get(s).enterOn().contains(failure)) {
                return true;
            }
        }
        return false;
    }

    private void requireTimeLeft(Plan plan, AttemptLog log, GatewayException lastError) {
        if (ticker.read() - plan.deadlineNanos() >= 0) {
            throw log.count() == 0 || lastError == null ? deadlinePassed(plan) : new GatewayException.UpstreamTimeout(
                    "The request's deadline of " + plan.timeout().toMillis() + " ms passed after " + log.count()
                            + " attempt(s); the last failed with: " + lastError.getMessage());
        }
    }

    private static GatewayException.UpstreamTimeout deadlinePassed(Plan plan) {
        return new GatewayException.UpstreamTimeout("No answer within the request's deadline of " + plan.timeout().toMillis() + " ms.");
    }

    /**
     * The 429 to report when every deployment cools down for too long: the upstream's own, when there
     * was one; else the gateway's, with the wait until the first deployment is back, so the client's
     * retry can wait for it as it would for the upstream's.
     */
    private GatewayException rateLimited(Stage stage, GatewayException lastError) {
        if (lastError != null && Failure.of(lastError) == Failure.RATE_LIMIT) {
            return lastError;
        }
        long waitNanos = Math.max(0, balancer.earliestCooldownEnd(stage.deployments()) - ticker.read());
        // Retry-After counts whole seconds: rounded up, a client that waits that long finds the deployment back.
        Duration wait = Duration.ofSeconds((waitNanos + 999_999_999) / 1_000_000_000);
        return new GatewayException.UpstreamRejected(429, "Every deployment of '" + stage.model()
                + "' is rate-limited; try again shortly.", "rate_limit_error", null, "rate_limit_exceeded", wait);
    }

    private static Duration retryAfter(GatewayException error) {
        return error instanceof GatewayException.UpstreamRejected r ? r.retryAfter().orElse(null) : null;
    }

    private void sleepUntil(long nanos) {
        try {
            sleeper.sleepUntil(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException.Unavailable("The gateway is shutting down.");
        }
    }

    /** Writes one attempt to the log, with its latency up to now. */
    private void logAttempt(AttemptLog log, Deployment deployment, AttemptResult result, int status, long startNanos, TokenUsage usage) {
        log.add(deployment.id(), result, status, ticker.read() - startNanos, usage);
    }
}
