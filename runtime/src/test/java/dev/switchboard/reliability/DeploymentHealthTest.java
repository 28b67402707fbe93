package dev.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One deployment's health record on a fake ticker: cool-downs, latencies and the breaker's state, to the nanosecond. */
class DeploymentHealthTest {
    private static final Duration BREAKER_COOLDOWN = Duration.ofSeconds(30);

    private final FakeTicker ticker = new FakeTicker();
    private final HealthBoard board = board(ticker);
    private final DeploymentHealth health = board.of(TestDeployments.deployment("a", 1));

    @Test
    void a_429_cools_the_deployment_down_for_exactly_its_retry_after() {
        health.tryAcquire().failed(Failure.RATE_LIMIT, Duration.ofMillis(2_500));

        assertThat(health.snapshot().coolingMillis()).isEqualTo(2_500);
        ticker.advance(Duration.ofMillis(2_500).minusNanos(1));
        assertThat(health.coolingDown(ticker.read())).isTrue();
        ticker.advance(Duration.ofNanos(1));
        assertThat(health.coolingDown(ticker.read())).isFalse();
        assertThat(health.snapshot().coolingMillis()).isZero();
    }

    @Test
    void a_429_without_retry_after_cools_the_deployment_down_for_a_second() {
        health.tryAcquire().failed(Failure.RATE_LIMIT, null);

        assertThat(health.snapshot().coolingMillis()).isEqualTo(DeploymentHealth.DEFAULT_RATE_LIMIT_COOLDOWN.toMillis());
    }

    /** Regression: the cool-down's end started at 0, which a ticker may read as still to come. */
    @Test
    void a_deployment_never_rate_limited_is_not_cooling_down_whatever_the_tickers_origin() {
        for (long origin : new long[] {Long.MIN_VALUE / 2, -1, 0, Long.MAX_VALUE / 2}) {
            FakeTicker anyOrigin = new FakeTicker(origin);
            DeploymentHealth fresh = board(anyOrigin).of(TestDeployments.deployment("a", 1));

            assertThat(fresh.coolingDown(anyOrigin.read())).as("origin %d", origin).isFalse();
            assertThat(fresh.snapshot().coolingMillis()).isZero();
        }
    }

    /** Regression: a deployment's first request ranked it as cooling down when it was seen for the first time. */
    @Test
    void a_deployment_first_seen_after_the_time_was_read_is_not_cooling_down_at_that_time() {
        long read = ticker.read();
        ticker.advance(Duration.ofMillis(1));

        DeploymentHealth firstSeen = board.of(TestDeployments.deployment("b", 1));

        assertThat(firstSeen.coolingDown(read)).isFalse();
    }

    /** Regression: a first token noted when the ticker read 0 was taken for no first token at all. */
    @Test
    void a_first_token_at_the_tickers_origin_still_counts_as_the_first_token() {
        FakeTicker fromZero = new FakeTicker(0);
        DeploymentHealth stream = board(fromZero).of(TestDeployments.deployment("a", 1));
        DeploymentHealth.Permit permit = stream.tryAcquire();

        permit.firstToken();
        fromZero.advance(Duration.ofMillis(40));
        permit.succeeded(true);

        assertThat(stream.snapshot().ttftMillis()).isEqualTo(0.0);
        assertThat(stream.snapshot().totalMillis()).isEqualTo(40.0);
    }

    @Test
    void latencies_are_measured_on_the_ticker() {
        DeploymentHealth.Permit permit = health.tryAcquire();
        ticker.advance(Duration.ofMillis(120));
        permit.firstToken();
        ticker.advance(Duration.ofMillis(880));
        permit.succeeded(true);

        assertThat(health.snapshot().ttftMillis()).isEqualTo(120.0);
        assertThat(health.snapshot().totalMillis()).isEqualTo(1_000.0);
    }

    @Test
    void the_circuit_opens_on_failures_and_half_opens_just_after_its_cooldown() {
        for (int i = 0; i < 4; i++) {
            health.tryAcquire().failed(Failure.SERVER_ERROR, null);
        }
        assertThat(health.snapshot().circuit()).isEqualTo(Circuit.OPEN);

        ticker.advance(BREAKER_COOLDOWN);
        assertThat(health.tryAcquire()).isNull();
        ticker.advance(Duration.ofNanos(1));
        assertThat(health.tryAcquire()).isNotNull();
        assertThat(health.snapshot().circuit()).isEqualTo(Circuit.HALF_OPEN);
    }

    @Test
    void the_snapshot_shows_the_circuit_by_its_documented_name() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String closed = json.writeValueAsString(health.snapshot());
        for (int i = 0; i < 4; i++) {
            health.tryAcquire().failed(Failure.TIMEOUT, null);
        }
        String open = json.writeValueAsString(health.snapshot());
        ticker.advance(BREAKER_COOLDOWN.plusNanos(1));
        health.tryAcquire();
        String halfOpen = json.writeValueAsString(health.snapshot());

        assertThat(closed).isEqualTo("""
                {"deployment":"a/m","circuit":"closed","ttft_millis":null,"total_millis":null,"error_rate":0.0,\
                "in_flight":0,"cooling_millis":0,"breaker_failure_rate":-1.0}""");
        assertThat(json.readTree(open).path("circuit").asText()).isEqualTo("open");
        assertThat(json.readTree(halfOpen).path("circuit").asText()).isEqualTo("half_open");
    }

    private static HealthBoard board(FakeTicker ticker) {
        return new HealthBoard(new GatewayConfig.CircuitBreaker(50, 4, 4, BREAKER_COOLDOWN), ticker);
    }
}
