package dev.switchboard.pipeline;

import dev.switchboard.auth.Caller;
import dev.switchboard.governance.budget.BudgetGuard;
import dev.switchboard.governance.budget.BudgetReservation;
import dev.switchboard.governance.budget.MaxCost;
import dev.switchboard.governance.ratelimit.RateLimiter;
import dev.switchboard.governance.ratelimit.RatePermit;
import dev.switchboard.reliability.Plan;
import dev.switchboard.reliability.Stage;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.usage.TokenUsage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The admission stage of the API's endpoints, between plan and attempt: whether this caller may
 * send this request now. Its checks run in this order, the first refusal ending the request:
 * <ol>
 *   <li><b>model rules</b> ({@link #permitted}): the key's and team's allow/deny lists, on the
 *       name sent and the names it resolves to (403);</li>
 *   <li><b>rate limits</b>: a request and the prompt estimate from each per-minute limit of the
 *       key and its team (429);</li>
 *   <li><b>budgets</b>: the request's largest possible cost reserved against every budget of the
 *       key, its team and its organisation (402).</li>
 * </ol>
 * Callers with a config-file key (or of an open gateway) are not governed and pass at once.
 */
public final class Admission {
    /*
     * The prompt estimate is the request body's size in bytes. No byte-level BPE token (o200k,
     * cl100k, Claude's, Llama's) is shorter than one byte, so it is an upper bound on the prompt's
     * tokens whatever the model, which is the safe side for a reservation and a token limit; both
     * are settled with the real counts once the answer is in. Counting with a tokenizer instead was
     * measured at 40 % of the governed gateway's CPU for a 1 KB request (docs/benchmarks.md), and
     * the completion limit, not the prompt, usually dominates a request's largest cost.
     */

    private final RateLimiter limiter;
    private final BudgetGuard budgets;

    public Admission(RateLimiter limiter, BudgetGuard budgets) {
        this.limiter = limiter;
        this.budgets = budgets;
    }

    /**
     * The plan with only the models the caller may call: the requested name and the model it
     * resolves to must be permitted, fallbacks that are not are dropped.
     *
     * @throws dev.switchboard.error.GatewayException.Forbidden naming the model
     */
    public Plan permitted(Caller caller, Plan plan) {
        if (!caller.governed()) {
            return plan;
        }
        caller.requireMayCall(plan.requested());
        caller.requireMayCall(plan.stages().getFirst().model());
        List<Stage> kept = plan.stages().stream().filter(stage -> caller.mayCall(stage.model())).toList();
        return kept.size() == plan.stages().size() ? plan : new Plan(plan.requested(), kept, plan.stream(), plan.deadlineNanos(),
                plan.timeout(), plan.firstTokenTimeout(), plan.hedge(), plan.backoff());
    }

    /**
     * Admits a call under the caller's limits and budgets; the rate-limit headers it wants shown
     * are in {@link Admitted#headers()}.
     *
     * @param promptBytes the request's size, the upper bound of its prompt tokens (see the note above)
     * @param maxTokens   the completion limit per choice; null for the model's own, 0 for calls that generate nothing
     * @throws dev.switchboard.error.GatewayException.RateLimited    when a rate limit has no room
     * @throws dev.switchboard.error.GatewayException.BudgetExceeded when a budget cannot cover the request's largest cost
     */
    public Admitted admit(Caller caller, long promptBytes, Plan plan, Integer maxTokens, int choices) {
        if (!caller.governed()) {
            return Admitted.NONE;
        }
        RatePermit permit = limiter.admit(caller.keyId(), caller.teamId(), promptBytes);
        BudgetReservation reservation;
        try {
            reservation = budgets.limits(caller.keyId(), caller.teamId(), caller.orgId())
                    ? budgets.reserve(caller.keyId(), caller.teamId(), caller.orgId(),
                    MaxCost.nanos(deployments(plan), promptBytes, maxTokens, choices))
                    : BudgetReservation.NONE;
        } catch (RuntimeException e) {
            permit.release();
            throw e;
        }
        return new Admitted(permit, reservation);
    }

    /**
     * Admits a call that costs nothing (token counting): it takes a request from the rate limits
     * like any other, and no budget has anything to reserve.
     *
     * @throws dev.switchboard.error.GatewayException.RateLimited when a request rate limit has no room
     */
    public Admitted admitFree(Caller caller) {
        return caller.governed() ? new Admitted(limiter.admit(caller.keyId(), caller.teamId(), 0), BudgetReservation.NONE) : Admitted.NONE;
    }

    private static List<Deployment> deployments(Plan plan) {
        return plan.stages().stream().flatMap(stage -> stage.deployments().stream()).toList();
    }

    /**
     * What an admitted request holds: its rate-limit share and its budget reservation. Settle it
     * with the answer's usage and cost once relayed; {@link #close} (in a finally, or
     * try-with-resources) releases whatever was not settled — on a failure, an exception or a
     * client gone — so a reservation can never leak.
     */
    public static final class Admitted implements AutoCloseable {
        static final Admitted NONE = new Admitted(RatePermit.NONE, BudgetReservation.NONE);

        private final RatePermit permit;
        private final BudgetReservation reservation;

        Admitted(RatePermit permit, BudgetReservation reservation) {
            this.permit = permit;
            this.reservation = reservation;
        }

        /** The {@code x-ratelimit-*} headers of the limits the call was admitted under, to show with its answer. */
        public Map<String, String> headers() {
            return permit.headers();
        }

        /**
         * @param usage the answer's tokens; null when the upstream reported none
         * @param cost  its cost in USD; null when unknown
         */
        public void settle(TokenUsage usage, BigDecimal cost) {
            permit.settle(usage == null ? -1 : usage.totalTokens());
            reservation.settle(cost);
        }

        @Override
        public void close() {
            permit.release();
            reservation.release();
        }
    }
}
