package dev.switchboard.reliability;

import dev.switchboard.deployment.Deployment;
import java.util.List;
import java.util.Set;

/**
 * One model of a request's fallback chain: its deployments and how to use them.
 *
 * @param model       the model's name, after aliases
 * @param deployments the deployments that serve it
 * @param balance     how attempts are spread over them
 * @param maxAttempts attempts at this model at most (its first plus its retries)
 * @param enterOn     the failures of the models before it that lead to this one; unused for the first
 */
public record Stage(String model, List<Deployment> deployments, Balance balance, int maxAttempts, Set<Failure> enterOn) {
}
