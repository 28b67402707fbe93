package dev.switchboard.pipeline;

import dev.switchboard.auth.Caller;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.error.GatewayException;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.routing.Decision;
import dev.switchboard.usage.AttemptResult;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord.Outcome;
import dev.switchboard.usage.UsageRecord;
import dev.switchboard.usage.UsageRecorder;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** Turns what the pipeline knows when a call ends into a {@link UsageRecord}, the same way for every call. */
public final class UsageRecording {
    private final UsageRecorder recorder;

    public UsageRecording(UsageRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * @param model      the model the client asked for; null when the request failed before it was read
     * @param deployment the deployment that served it; null when none did
     * @param attempts   the upstream attempts made, the served one among them
     * @param decision   the router's decision, whose summary starts the route reason (failed calls
     *                   included); null when the caller named the model
     */
    void record(RequestContext request, String endpoint, String model, Deployment deployment, boolean stream,
                       Outcome outcome, int status, TokenUsage usage, BigDecimal cost, List<UsageRecord.Attempt> attempts,
                       Decision decision) {
        String reason = deployment == null ? null : routeReason(attempts);
        if (decision != null) {
            reason = reason == null ? decision.summary() : decision.summary() + "; " + reason;
        }
        Caller caller = request.caller();
        recorder.record(new UsageRecord(request.arrived(), request.id(), endpoint, model,
                deployment == null ? null : deployment.provider().name(),
                deployment == null ? null : deployment.upstreamModel(),
                stream, outcome, status, usage, cost, request.elapsedMicros(), attempts,
                new UsageRecord.Attribution(caller.orgId(), caller.teamId(), caller.keyId(), request.tag()),
                reason));
    }

    /**
     * The status a request that ended with {@code failure} is answered with: a gateway error's own,
     * 500 for anything unexpected (the HTTP layer's generic internal error). Unexpected failures
     * are recorded too: the ledger has a row for every request, whatever ended it.
     */
    static int status(RuntimeException failure) {
        return failure instanceof GatewayException known ? known.status() : 500;
    }

    /** Why the serving attempt was the one: the first try, a hedge that won, or a failover past the failures listed. */
    static String routeReason(List<UsageRecord.Attempt> attempts) {
        if (attempts.size() <= 1) {
            return "primary";
        }
        List<String> failures = attempts.stream().map(UsageRecord.Attempt::result)
                .filter(AttemptResult::failed).map(AttemptResult::wireName).toList();
        if (failures.isEmpty()) {
            return "hedge won";
        }
        return "failover after " + failures.stream().distinct().collect(Collectors.joining(", "));
    }
}
