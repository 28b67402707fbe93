package dev.switchboard.testing;

import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;

/** A provider that is only a name, for tests of what is decided about deployments before any call. */
public record NamedProvider(String name) implements Provider {
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
        throw new UnsupportedOperationException("never called: the test decides before any upstream call");
    }
}
