package dev.switchboard.reliability;

import dev.switchboard.error.GatewayException;
import dev.switchboard.deployment.ModelTable;
import java.util.ArrayList;
import java.util.List;

/** Turns a requested model name and the request's overrides into the {@link Plan} the failover loop follows. */
public final class Planner {
    private final ModelTable models;
    private final Policies policies;

    public Planner(ModelTable models, Policies policies) {
        this.models = models;
        this.policies = policies;
    }

    /**
     * @param arrivedNanos when the request arrived, on the failover loop's ticker: the deadline counts from there
     * @throws GatewayException.ModelNotFound  for an unknown model
     * @throws GatewayException.InvalidRequest for an unknown model among the request's own fallbacks
     */
    public Plan plan(String requested, boolean stream, RequestOverrides overrides, long arrivedNanos) {
        ModelTable.Target target = models.resolve(requested);
        Policy policy = overrides.applyTo(policies.of(requested, target.model()));
        List<Stage> stages = new ArrayList<>(1 + policy.fallbacks().size());
        stages.add(new Stage(target.model(), target.deployments(), policy.balance(), policy.retries() + 1, Failure.AVAILABILITY));
        for (FallbackRule fallback : policy.fallbacks()) {
            ModelTable.Target next;
            try {
                next = models.resolve(fallback.model());
            } catch (GatewayException.ModelNotFound e) {
                throw new GatewayException.InvalidRequest("Unknown fallback model '" + fallback.model() + "'. " + e.getMessage(),
                        "x-switchboard-fallbacks");
            }
            Policy own = policies.of(fallback.model(), next.model());
            int attempts = (overrides.retries() != null ? overrides.retries() : own.retries()) + 1;
            stages.add(new Stage(next.model(), next.deployments(), own.balance(), attempts, fallback.on()));
        }
        return new Plan(requested, stages, stream, arrivedNanos + policy.timeout().toNanos(), policy.timeout(),
                policy.firstTokenTimeout(), policy.hedge(), policy.backoff());
    }
}
