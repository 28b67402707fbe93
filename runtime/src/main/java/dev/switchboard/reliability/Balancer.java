package dev.switchboard.reliability;

import dev.switchboard.deployment.Deployment;
import dev.switchboard.time.Ticker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Picks the deployment for the next attempt at one model: among those not cooling down after a
 * rate limit, preferring deployments this request has not tried yet, in the order the model's
 * {@link Balance} gives, the first whose circuit breaker lets the attempt through.
 */
final class Balancer {
    private final HealthBoard board;
    private final Ticker ticker;
    private final Supplier<RandomGenerator> random;

    /** @param random the calling thread's random numbers, for weighted draws */
    Balancer(HealthBoard board, Ticker ticker, Supplier<RandomGenerator> random) {
        this.board = board;
        this.ticker = ticker;
        this.random = random;
    }

    /** A deployment and the permit its breaker gave for one attempt. */
    record Chosen(Deployment deployment, DeploymentHealth.Permit permit) {
    }

    /**
     * The candidates for the next attempt, best first: empty when every deployment cools down.
     * Untried deployments come before ones this request already tried.
     */
    List<Deployment> candidates(List<Deployment> deployments, Balance balance, boolean stream, Set<Deployment> tried) {
        long now = ticker.read();
        List<Deployment> fresh = new ArrayList<>(deployments.size());
        List<Deployment> again = new ArrayList<>(0);
        for (Deployment d : deployments) {
            if (!board.of(d).coolingDown(now)) {
                (tried.contains(d) ? again : fresh).add(d);
            }
        }
        order(fresh, balance, stream);
        order(again, balance, stream);
        fresh.addAll(again);
        return fresh;
    }

    /** The first candidate whose breaker admits an attempt, or null when every circuit is open. */
    Chosen acquire(List<Deployment> candidates) {
        for (Deployment d : candidates) {
            DeploymentHealth.Permit permit = board.of(d).tryAcquire();
            if (permit != null) {
                return new Chosen(d, permit);
            }
        }
        return null;
    }

    /** When the earliest cool-down among {@code deployments} ends, in {@link Ticker} terms. */
    long earliestCooldownEnd(List<Deployment> deployments) {
        long earliest = Long.MAX_VALUE;
        for (Deployment d : deployments) {
            long until = board.of(d).coolingUntilNanos();
            if (earliest == Long.MAX_VALUE || until - earliest < 0) {
                earliest = until;
            }
        }
        return earliest;
    }

    private void order(List<Deployment> list, Balance balance, boolean stream) {
        if (list.size() < 2) {
            return;
        }
        switch (balance) {
            case WEIGHTED -> shuffleByWeight(list);
            case LEAST_LATENCY -> {
                shuffleByWeight(list);
                // Unmeasured (or not lately measured) deployments first, so each gets tried; NaN would sort last, hence the explicit rule.
                long now = ticker.read();
                list.sort(Comparator.comparingDouble(d -> {
                    double latency = board.of(d).latencyMillis(stream, now);
                    return Double.isNaN(latency) ? -1 : latency;
                }));
            }
            case LEAST_BUSY -> {
                shuffleByWeight(list);
                list.sort(Comparator.comparingInt(d -> board.of(d).inFlight()));
            }
        }
    }

    /** Reorders {@code list} as successive draws without replacement, each in proportion to weight (stable sorts keep it for ties). */
    private void shuffleByWeight(List<Deployment> list) {
        RandomGenerator random = this.random.get();
        for (int i = 0; i < list.size() - 1; i++) {
            int total = 0;
            for (int j = i; j < list.size(); j++) {
                total += list.get(j).weight();
            }
            int ticket = random.nextInt(total);
            for (int j = i; j < list.size(); j++) {
                ticket -= list.get(j).weight();
                if (ticket < 0) {
                    list.set(j, list.set(i, list.get(j)));
                    break;
                }
            }
        }
    }
}
