package dev.switchboard.reliability;

import java.util.Arrays;
import java.util.Optional;

/** How requests are spread over the deployments of one model. Unhealthy deployments are skipped by all three. */
public enum Balance {
    /** At random, in proportion to each deployment's weight. */
    WEIGHTED("weighted"),
    /** To the deployment with the lowest recent latency (time to first token for streams); untried ones first. */
    LEAST_LATENCY("least-latency"),
    /** To the deployment with the fewest requests in flight; ties broken by weight. */
    LEAST_BUSY("least-busy");

    private final String configName;

    Balance(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<Balance> byConfigName(String name) {
        return Arrays.stream(values()).filter(b -> b.configName.equals(name)).findFirst();
    }
}
