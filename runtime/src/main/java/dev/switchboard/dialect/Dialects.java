package dev.switchboard.dialect;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The upstream dialect for each wire format a provider may speak, built once by the composition root. */
public final class Dialects {
    private final Map<WireFormat, UpstreamDialect> upstream = new EnumMap<>(WireFormat.class);

    public Dialects(List<UpstreamDialect> dialects) {
        dialects.forEach(d -> upstream.put(d.format(), d));
        for (WireFormat format : WireFormat.values()) {
            if (!upstream.containsKey(format)) {
                throw new IllegalArgumentException("no upstream dialect for " + format);
            }
        }
    }

    public UpstreamDialect upstream(WireFormat format) {
        return upstream.get(format);
    }
}
