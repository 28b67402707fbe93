package dev.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BalancerTest {
    private final FakeTicker ticker = new FakeTicker();
    private final HealthBoard board = new HealthBoard(new GatewayConfig.CircuitBreaker(50, 20, 10, Duration.ofSeconds(30)), ticker);
    private final SplittableRandom seeded = new SplittableRandom(14);
    private final Balancer balancer = new Balancer(board, ticker, () -> seeded);
    private final Deployment a = TestDeployments.deployment("a", 1);
    private final Deployment b = TestDeployments.deployment("b", 1);
    private final Deployment c = TestDeployments.deployment("c", 1);

    @Test
    void least_busy_picks_the_deployment_with_fewest_requests_in_flight() {
        board.of(a).tryAcquire();
        board.of(a).tryAcquire();
        board.of(c).tryAcquire();

        assertThat(balancer.candidates(List.of(a, b, c), Balance.LEAST_BUSY, false, Set.of())).containsExactly(b, c, a);
    }

    @Test
    void least_latency_tries_unmeasured_deployments_first_then_the_fastest() {
        observe(a, 30);
        observe(c, 5);

        assertThat(balancer.candidates(List.of(a, b, c), Balance.LEAST_LATENCY, false, Set.of())).containsExactly(b, c, a);
    }

    @Test
    void a_latency_not_refreshed_lately_counts_as_unmeasured_so_the_deployment_is_probed_again() {
        observe(a, 30);
        assertThat(board.of(a).latencyMillis(false, ticker.read())).isEqualTo(30.0);

        ticker.advance(Duration.ofNanos(DeploymentHealth.STALE_AFTER_NANOS));
        assertThat(board.of(a).latencyMillis(false, ticker.read())).isEqualTo(30.0);
        ticker.advance(Duration.ofNanos(1));
        assertThat(board.of(a).latencyMillis(false, ticker.read())).isNaN();
        observe(c, 5);

        assertThat(balancer.candidates(List.of(a, c), Balance.LEAST_LATENCY, false, Set.of())).containsExactly(a, c);
    }

    @Test
    void deployments_already_tried_come_last_and_cooling_ones_not_at_all() {
        DeploymentHealth.Permit permit = board.of(b).tryAcquire();
        permit.failed(Failure.RATE_LIMIT, Duration.ofSeconds(60));

        List<Deployment> candidates = balancer.candidates(List.of(a, b, c), Balance.WEIGHTED, false, Set.of(a));

        assertThat(candidates).containsExactly(c, a);
    }

    @Test
    void a_rate_limited_deployment_is_a_candidate_again_once_its_retry_after_has_passed() {
        board.of(b).tryAcquire().failed(Failure.RATE_LIMIT, Duration.ofSeconds(60));

        ticker.advance(Duration.ofSeconds(60).minusNanos(1));
        List<Deployment> cooling = balancer.candidates(List.of(b), Balance.WEIGHTED, false, Set.of());
        ticker.advance(Duration.ofNanos(1));
        List<Deployment> back = balancer.candidates(List.of(b), Balance.WEIGHTED, false, Set.of());

        assertThat(cooling).isEmpty();
        assertThat(back).containsExactly(b);
        assertThat(balancer.earliestCooldownEnd(List.of(b))).isEqualTo(ticker.read());
    }

    @Test
    void weighted_picks_follow_the_weights() {
        Deployment heavy = TestDeployments.deployment("heavy", 9);
        Deployment light = TestDeployments.deployment("light", 1);
        Map<Deployment, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            firsts.merge(balancer.candidates(List.of(heavy, light), Balance.WEIGHTED, false, Set.of()).get(0), 1, Integer::sum);
        }

        // 4500 expected, with a standard deviation of about 21: the window is over nine of them wide on each
        // side, so it holds for any fair draw; the seeded draws make the test repeat exactly.
        assertThat(firsts.get(heavy)).isBetween(4300, 4700);
    }

    /** One complete answer from {@code d} that took {@code millis} on the ticker. */
    private void observe(Deployment d, long millis) {
        DeploymentHealth.Permit permit = board.of(d).tryAcquire();
        ticker.advance(Duration.ofMillis(millis));
        permit.succeeded(false);
    }
}
