package dev.switchboard.pipeline;

import dev.switchboard.auth.Caller;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.reliability.Plan;
import dev.switchboard.reliability.Stage;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.routing.Decision;
import dev.switchboard.routing.Hints;
import dev.switchboard.routing.Router;
import java.util.List;
import java.util.function.Supplier;

/**
 * The route stage: for a call naming {@code auto} or {@code auto:<profile>}, the {@link Router}
 * chooses the model from the request and its hints; the dry run asks it the same way. The router
 * is built on first use (it loads its reference set then), so a gateway that never routes never
 * pays for it.
 */
public final class AutoRoute {
    private final Supplier<Router> router;

    public AutoRoute(Supplier<Router> router) {
        this.router = router;
    }

    /**
     * @throws dev.switchboard.error.GatewayException.InvalidRequest for an unknown profile or unsatisfiable hints
     * @throws dev.switchboard.error.GatewayException.Forbidden     when the caller may call none of the candidates
     */
    public Decision decide(ChatRequest request, String requested, Hints hints, Caller caller) {
        return router.get().route(request, requested, hints, caller);
    }

    /**
     * The plan without deployments a sensitive prompt may not reach: the chosen model's are all
     * allowed (the router chose it for that), fallbacks lose the others and are dropped when none is left.
     */
    static Plan restrict(Plan plan, Decision decision) {
        if (decision == null || decision.sensitiveProviders() == null) {
            return plan;
        }
        List<Stage> stages = plan.stages().stream()
                .map(s -> new Stage(s.model(), s.deployments().stream().filter(d -> allowed(d, decision)).toList(), s.balance(),
                        s.maxAttempts(), s.enterOn()))
                .filter(s -> !s.deployments().isEmpty()).toList();
        return new Plan(plan.requested(), stages, plan.stream(), plan.deadlineNanos(), plan.timeout(), plan.firstTokenTimeout(),
                plan.hedge(), plan.backoff());
    }

    private static boolean allowed(Deployment deployment, Decision decision) {
        return decision.sensitiveProviders().contains(deployment.provider().name());
    }
}
