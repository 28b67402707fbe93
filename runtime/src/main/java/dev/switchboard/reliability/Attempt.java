package dev.switchboard.reliability;

import dev.switchboard.provider.CallControl;
import dev.switchboard.deployment.Deployment;

/**
 * One try at getting an answer from one deployment, as the client's format makes it (pass-through
 * or translated).
 *
 * @param <A> the answer it produces
 */
@FunctionalInterface
public interface Attempt<A extends Answer> {

    /**
     * @param control the deadline and abort the attempt must hand to its upstream call
     * @throws dev.switchboard.error.GatewayException when the upstream failed or refused before answering
     */
    A run(Deployment deployment, CallControl control);
}
