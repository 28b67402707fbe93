package dev.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.error.GatewayException;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.Watchdog;
import dev.switchboard.route.Deployment;
import dev.switchboard.usage.AttemptResult;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord;
import dev.switchboard.usage.UsageRecord.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The failover loop against scripted attempts: which deployments it tries, in what order, when it
 * gives up, and what it logs — without HTTP, so each rule is checked on its own.
 */
class FailoverTest {
    private static final Policy.Backoff FAST_BACKOFF = new Policy.Backoff(Duration.ofMillis(1), Duration.ofMillis(200));

    private final Watchdog watchdog = new Watchdog();
    private final HealthBoard board = new HealthBoard(new GatewayConfig.CircuitBreaker(50, 4, 4, Duration.ofSeconds(30)));
    private final Failover failover = new Failover(board, watchdog);
    private final Deployment a = deployment("a");
    private final Deployment b = deployment("b");
    private final Deployment bigger = deployment("bigger");
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        watchdog.close();
    }

    @Test
    void an_answer_on_the_first_try_is_served_with_one_attempt_logged() {
        AttemptLog log = new AttemptLog();

        Served<FakeAnswer> served = failover.run(plan(stage(List.of(a), 3)), script(Map.of()), log);

        assertThat(served.deployment()).isEqualTo(a);
        assertThat(results(log)).containsExactly("a/m:served");
    }

    @Test
    void a_server_error_moves_on_to_a_deployment_not_yet_tried() {
        AttemptLog log = new AttemptLog();
        Attempt<FakeAnswer> attempts = (d, control) -> {
            calls.add(d.provider().name());
            if (calls.size() == 1) {
                throw new GatewayException.UpstreamRejected(503, "overloaded", null, null, null, null);
            }
            return new FakeAnswer(false);
        };

        Served<FakeAnswer> served = failover.run(plan(stage(List.of(a, b), 3)), attempts, log);

        assertThat(calls).hasSize(2).doesNotHaveDuplicates();
        assertThat(served.deployment().provider().name()).isEqualTo(calls.get(1));
        assertThat(results(log)).extracting(r -> r.substring(r.indexOf(':') + 1)).containsExactly("server_error", "served");
    }

    @Test
    void a_failure_the_request_caused_is_not_retried() {
        AttemptLog log = new AttemptLog();

        assertThatThrownBy(() -> failover.run(plan(stage(List.of(a, b), 3)),
                script(Map.of("a", bad(400, "temperature must be at most 2"), "b", bad(400, "temperature must be at most 2"))), log))
                .isInstanceOf(GatewayException.UpstreamRejected.class).hasMessageContaining("temperature");
        assertThat(log.count()).isEqualTo(1);
    }

    @Test
    void retries_stop_at_the_models_attempts_and_the_last_failure_is_reported() {
        AttemptLog log = new AttemptLog();

        assertThatThrownBy(() -> failover.run(plan(stage(List.of(a), 3)), script(Map.of("a", bad(500, "boom"))), log))
                .isInstanceOfSatisfying(GatewayException.UpstreamRejected.class, e -> assertThat(e.status()).isEqualTo(500));
        assertThat(results(log)).containsExactly("a/m:server_error", "a/m:server_error", "a/m:server_error");
    }

    @Test
    void a_fallback_is_entered_only_for_the_failures_it_lists() {
        Stage biggerContext = new Stage("bigger", List.of(bigger), Balance.WEIGHTED, 1, Set.of(Failure.CONTEXT_WINDOW_EXCEEDED));
        Attempt<FakeAnswer> tooLong = script(Map.of("a", contextTooLong()));
        Attempt<FakeAnswer> down = script(Map.of("a", bad(500, "down")));

        AttemptLog first = new AttemptLog();
        Served<FakeAnswer> served = failover.run(plan(stage(List.of(a), 1), biggerContext), tooLong, first);
        AttemptLog second = new AttemptLog();
        assertThatThrownBy(() -> failover.run(plan(stage(List.of(a), 1), biggerContext), down, second))
                .hasMessageContaining("down");

        assertThat(served.deployment()).isEqualTo(bigger);
        assertThat(results(first)).containsExactly("a/m:context_window_exceeded", "bigger/m:served");
        assertThat(results(second)).containsExactly("a/m:server_error");
    }

    @Test
    void an_open_circuit_takes_a_deployment_out_of_rotation() {
        Attempt<FakeAnswer> attempts = script(Map.of("a", bad(500, "down")));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> failover.run(plan(stage(List.of(a), 1)), attempts, new AttemptLog()));
        }
        calls.clear();
        AttemptLog log = new AttemptLog();

        assertThatThrownBy(() -> failover.run(plan(stage(List.of(a), 1)), attempts, log))
                .isInstanceOfSatisfying(GatewayException.Unavailable.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("circuit open");
        assertThat(calls).isEmpty();
        assertThat(board.of(a).snapshot().circuit()).isEqualTo(Circuit.OPEN);
    }

    @Test
    void a_short_retry_after_is_waited_out_before_the_same_deployment_is_tried_again() {
        Attempt<FakeAnswer> attempts = (d, control) -> {
            calls.add(d.provider().name());
            if (calls.size() == 1) {
                throw new GatewayException.UpstreamRejected(429, "slow down", null, null, null, Duration.ofMillis(80));
            }
            return new FakeAnswer(false);
        };
        long start = System.nanoTime();

        failover.run(plan(stage(List.of(a), 3)), attempts, new AttemptLog());

        assertThat(calls).containsExactly("a", "a");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80));
    }

    @Test
    void a_retry_after_longer_than_the_longest_backoff_goes_back_to_the_client() {
        AttemptLog log = new AttemptLog();
        GatewayException limited = new GatewayException.UpstreamRejected(429, "slow down", null, null, null, Duration.ofSeconds(30));

        assertThatThrownBy(() -> failover.run(plan(stage(List.of(a), 3)), script(Map.of("a", limited)), log))
                .isSameAs(limited);
        assertThat(log.count()).isEqualTo(1);
    }

    @Test
    void no_attempt_starts_and_no_backoff_waits_past_the_deadline() {
        long start = System.nanoTime();
        Plan plan = new Plan("m", List.of(stage(List.of(a), 10)), false, start + TimeUnit.MILLISECONDS.toNanos(200),
                Duration.ofMillis(200), null, null, new Policy.Backoff(Duration.ofMillis(150), Duration.ofMillis(150)));

        // A breaker that never opens here, so only the deadline can stop the attempts.
        Failover patient = new Failover(new HealthBoard(new GatewayConfig.CircuitBreaker(100, 100, 100, Duration.ofSeconds(30))), watchdog);

        assertThatThrownBy(() -> patient.run(plan, script(Map.of("a", bad(500, "boom"))), new AttemptLog()))
                .isInstanceOf(GatewayException.UpstreamTimeout.class).hasMessageContaining("deadline of 200 ms");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(calls.size()).isLessThan(10);
        // The last backoff is cut at the deadline rather than slept in full (the slack is for a loaded machine).
        assertThat(elapsedMillis).isBetween(200L, 330L);
    }

    @Test
    void a_stream_without_a_first_token_in_time_is_aborted_and_retried_elsewhere() {
        Plan plan = new Plan("m", List.of(stage(List.of(a, b), 2)), true, System.nanoTime() + Duration.ofSeconds(10).toNanos(),
                Duration.ofSeconds(10), Duration.ofMillis(100), null, FAST_BACKOFF);
        AttemptLog log = new AttemptLog();
        Attempt<FakeAnswer> attempts = (d, control) -> {
            calls.add(d.provider().name());
            return calls.size() == 1 ? hangUntilAborted(control) : new FakeAnswer(false);
        };

        Served<FakeAnswer> served = failover.run(plan, attempts, log);

        assertThat(served.deployment().provider().name()).isEqualTo(calls.get(1));
        assertThat(results(log)).extracting(r -> r.substring(r.indexOf(':') + 1)).containsExactly("timeout", "served");
    }

    @Test
    void a_hedge_starts_after_the_delay_and_the_first_answer_wins_while_the_other_is_cancelled() throws Exception {
        Plan plan = new Plan("m", List.of(stage(List.of(a, b), 1)), true, System.nanoTime() + Duration.ofSeconds(10).toNanos(),
                Duration.ofSeconds(10), null, new HedgeRule(Duration.ofMillis(50), 0, Duration.ofSeconds(1)), FAST_BACKOFF);
        CountDownLatch slowAborted = new CountDownLatch(1);
        Map<String, CallControl> controls = new ConcurrentHashMap<>();
        Attempt<FakeAnswer> attempts = (d, control) -> {
            calls.add(d.provider().name());
            controls.put(d.provider().name(), control);
            if (calls.size() == 1) {
                try {
                    return hangUntilAborted(control);
                } finally {
                    slowAborted.countDown();
                }
            }
            return new FakeAnswer(false);
        };
        AttemptLog log = new AttemptLog();

        Served<FakeAnswer> served = failover.run(plan, attempts, log);

        String slow = calls.get(0);
        String fast = calls.get(1);
        assertThat(served.deployment().provider().name()).isEqualTo(fast);
        assertThat(slowAborted.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(controls.get(slow).abortReason()).isNotNull();
        assertThat(results(log)).containsExactlyInAnyOrder(slow + "/m:cancelled", fast + "/m:served");
        served.finish(Outcome.COMPLETED);
        assertThat(board.of(served.deployment()).snapshot().inFlight()).isZero();
        // The loser's time without a token counts as its latency, so balancing learns it is slow. Its
        // thread records that after it has been aborted, so the sample may land just after the race ends.
        Deployment loser = served.deployment() == a ? b : a;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (board.of(loser).snapshot().ttftMillis() == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(board.of(loser).snapshot().ttftMillis()).isGreaterThanOrEqualTo(50.0);
        assertThat(board.of(loser).snapshot().circuit()).isEqualTo(Circuit.CLOSED);
    }

    @Test
    void a_refusal_goes_to_a_content_policy_fallback_and_is_logged_with_its_usage() {
        Stage lenient = new Stage("bigger", List.of(bigger), Balance.WEIGHTED, 1, Set.of(Failure.CONTENT_POLICY));
        AttemptLog log = new AttemptLog();
        Attempt<FakeAnswer> attempts = (d, control) -> new FakeAnswer(d == a);

        Served<FakeAnswer> served = failover.run(plan(stage(List.of(a), 1), lenient), attempts, log);

        assertThat(served.deployment()).isEqualTo(bigger);
        assertThat(log.attempts()).extracting(UsageRecord.Attempt::result).containsExactly(AttemptResult.CONTENT_POLICY, AttemptResult.SERVED);
        assertThat(log.attempts().get(0).usage()).isEqualTo(FakeAnswer.USAGE);
    }

    @Test
    void a_refusal_without_a_fallback_for_it_is_served_as_it_is() {
        Served<FakeAnswer> served = failover.run(plan(stage(List.of(a), 1)), (d, control) -> new FakeAnswer(true), new AttemptLog());

        assertThat(served.answer().refused()).isTrue();
    }

    private static FakeAnswer hangUntilAborted(CallControl control) {
        CountDownLatch aborted = new CountDownLatch(1);
        control.onAbort(aborted::countDown);
        try {
            if (!aborted.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("attempt was never aborted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // What a cancelled HTTP call fails with; the loop reports the abort's reason instead.
        throw new GatewayException.UpstreamUnavailable("Canceled");
    }

    private Attempt<FakeAnswer> script(Map<String, GatewayException> failures) {
        BiFunction<Deployment, CallControl, FakeAnswer> run = (d, control) -> {
            calls.add(d.provider().name());
            GatewayException failure = failures.get(d.provider().name());
            if (failure != null) {
                throw failure;
            }
            return new FakeAnswer(false);
        };
        return run::apply;
    }

    private static GatewayException bad(int status, String message) {
        return new GatewayException.UpstreamRejected(status, message, null, null, null, null);
    }

    private static GatewayException contextTooLong() {
        return new GatewayException.UpstreamRejected(400, "This model's maximum context length is 128000 tokens.",
                "invalid_request_error", "messages", "context_length_exceeded", null);
    }

    private static List<String> results(AttemptLog log) {
        return log.attempts().stream().map(r -> r.deployment() + ":" + r.result().wireName()).toList();
    }

    private static Stage stage(List<Deployment> deployments, int attempts) {
        return new Stage("m", deployments, Balance.WEIGHTED, attempts, Failure.AVAILABILITY);
    }

    private static Plan plan(Stage... stages) {
        return new Plan("m", List.of(stages), false, System.nanoTime() + Duration.ofSeconds(10).toNanos(), Duration.ofSeconds(10),
                null, null, FAST_BACKOFF);
    }

    private static Deployment deployment(String provider) {
        return TestDeployments.deployment(provider, 1);
    }

    private record FakeAnswer(boolean refused) implements Answer {
        static final TokenUsage USAGE = new TokenUsage(10, 2, 0, 0, 0);

        @Override
        public TokenUsage usage() {
            return USAGE;
        }

        @Override
        public void close() {
        }
    }
}
