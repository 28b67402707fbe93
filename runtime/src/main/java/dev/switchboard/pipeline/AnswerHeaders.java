package dev.switchboard.pipeline;

import dev.switchboard.deployment.Deployment;
import java.util.Map;

/** The headers with which the gateway explains which deployment answered a call, whatever its receiver. */
public final class AnswerHeaders {
    public static final String PROVIDER = "x-switchboard-provider";
    public static final String MODEL = "x-switchboard-model";
    public static final String DEPLOYMENT = "x-switchboard-deployment";
    public static final String ATTEMPTS = "x-switchboard-attempts";

    private AnswerHeaders() {
    }

    /** The deployment that served the answer, and how many upstream attempts it took to get it (none for a local answer). */
    static Map<String, String> served(Deployment deployment, int attempts) {
        return attempts > 0
                ? Map.of(PROVIDER, deployment.provider().name(), MODEL, deployment.upstreamModel(), DEPLOYMENT, deployment.id(),
                ATTEMPTS, Integer.toString(attempts))
                : Map.of(PROVIDER, deployment.provider().name(), MODEL, deployment.upstreamModel(), DEPLOYMENT, deployment.id());
    }

    /** How many upstream attempts a failed call made, so a caller sees what was tried; nothing when none was. */
    static Map<String, String> attempts(int attempts) {
        return attempts > 0 ? Map.of(ATTEMPTS, Integer.toString(attempts)) : Map.of();
    }
}
