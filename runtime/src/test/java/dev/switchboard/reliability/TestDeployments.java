package dev.switchboard.reliability;

import dev.switchboard.deployment.Deployment;
import dev.switchboard.testing.NamedProvider;
import java.util.Optional;

/** Deployments of named providers that are never called: the tests here script attempts instead. */
final class TestDeployments {
    private TestDeployments() {
    }

    static Deployment deployment(String provider, int weight) {
        return new Deployment(new NamedProvider(provider), "m", weight, Optional.empty());
    }
}
