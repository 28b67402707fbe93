package dev.switchboard.reliability;

import dev.switchboard.deployment.Deployment;
import dev.switchboard.usage.UsageRecord.Outcome;

/**
 * The answer the failover loop settled on, still holding its deployment's permit: how the relay
 * ends (complete, cut, abandoned by the client) is the last word on the deployment's health for
 * this request, so {@link #finish} must be called once the relay is over.
 */
public final class Served<A extends Answer> {
    private final A answer;
    private final Deployment deployment;
    private final DeploymentHealth.Permit permit;
    private final boolean stream;

    Served(A answer, Deployment deployment, DeploymentHealth.Permit permit, boolean stream) {
        this.answer = answer;
        this.deployment = deployment;
        this.permit = permit;
        this.stream = stream;
    }

    public A answer() {
        return answer;
    }

    public Deployment deployment() {
        return deployment;
    }

    /** Reports the relay's outcome to the deployment's health. */
    public void finish(Outcome outcome) {
        finish(outcome, true);
    }

    /**
     * As {@link #finish}, for a call whose latency says nothing of the deployment's answers (a
     * token count, answered in a fraction of a generation's time): its success counts for the
     * breaker and the error rate, its latency is not recorded.
     */
    public void finishUnmeasured(Outcome outcome) {
        finish(outcome, false);
    }

    private void finish(Outcome outcome, boolean measured) {
        switch (outcome) {
            case COMPLETED, USAGE_MISSING -> {
                if (measured) {
                    permit.succeeded(stream);
                } else {
                    permit.succeededUnmeasured();
                }
            }
            case STREAM_CUT -> permit.failed(Failure.SERVER_ERROR, null);
            // The client left, or the gateway itself failed while relaying: no verdict on the deployment.
            case CLIENT_DISCONNECTED, FAILED -> permit.released();
        }
    }
}
