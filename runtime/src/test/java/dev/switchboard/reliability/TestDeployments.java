package dev.switchboard.reliability;

import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.route.Deployment;
import java.util.Optional;

/** Deployments of named providers that are never called: the tests here script attempts instead. */
final class TestDeployments {
    private TestDeployments() {
    }

    static Deployment deployment(String provider, int weight) {
        return new Deployment(new NamedProvider(provider), "m", weight, Optional.empty());
    }

    record NamedProvider(String name) implements Provider {
        @Override
        public String catalogProvider() {
            return name;
        }

        @Override
        public WireFormat wireFormat() {
            return WireFormat.OPENAI;
        }

        @Override
        public UpstreamResponse chat(UpstreamCall call) {
            throw new UnsupportedOperationException("attempts are scripted");
        }
    }
}
