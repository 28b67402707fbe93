package dev.switchboard.pipeline;

import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.Transcript;
import java.util.Map;

/**
 * Where a model call's answer goes, supplied by whoever made the call: an HTTP response in the
 * client's wire format ({@code http}), or an in-process receiver of neutral events
 * ({@link SinkDelivery}). The pipeline calls {@link #show} as stages produce headers (rate
 * limits at admission, the route and the serving deployment before the answer), then
 * {@link #deliver} once, with the answer the failover loop settled on.
 */
public interface Delivery {

    /**
     * Headers that explain the answer (or, when the call fails, its error): the
     * {@code x-ratelimit-*} of admission, {@code x-switchboard-route}, the serving deployment and
     * attempt count. Called before {@link #deliver}; a receiver without headers may ignore them.
     */
    void show(Map<String, String> headers);

    /**
     * Sends the answer to its receiver, whole or event by event, and says how that ended; a
     * receiver that went away ends it as {@link dev.switchboard.usage.UsageRecord.Outcome#CLIENT_DISCONNECTED}.
     * Releases the upstream connection whatever happens.
     *
     * @param transcript where to keep a copy of what the receiver got, for a team that opted in to request logging
     */
    Relayed deliver(ReadyAnswer answer, Transcript transcript);
}
