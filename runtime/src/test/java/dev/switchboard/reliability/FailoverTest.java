package dev.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.error.GatewayException;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.Watchdog;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.testing.FakeTicker;
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
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The failover loop against scripted attempts: which deployments it tries, in what order, when it
 * gives up, and what it logs — without HTTP, so each rule is checked on its own. Time is a
 * {@link FakeTicker}: back-offs, cool-downs, deadlines, first-token timeouts and hedge delays are
 * asserted to the nanosecond, and no test waits for them.
 */
class FailoverTest {
    private static final Policy.Backoff FAST_BACKOFF = new Policy.Backoff(Duration.ofMillis(1), Duration.ofMillis(200));
    private static final Duration BREAKER_COOLDOWN = Duration.ofSeconds(30);

    private final FakeTicker ticker = new FakeTicker();
    private final long start = ticker.read();
    private final Watchdog watchdog = new Watchdog(ticker);
    private final HealthBoard board = new HealthBoard(new GatewayConfig.CircuitBreaker(50, 4, 4, BREAKER_COOLDOWN), ticker);
    // A breaker that never opens here, for tests where only time may stop the attempts.
    private final HealthBoard patientBoard = new HealthBoard(new GatewayConfig.CircuitBreaker(100, 100, 100, BREAKER_COOLDOWN), ticker);
    private final SplittableRandom seeded = new SplittableRandom(14);
    private final Failover failover = failover(board, seeded);
    private final Deployment a = deployment("a");
    private final Deployment b = deployment("b");
    private final Deployment bigger = deployment("bigger");
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    // When each call was made, on the ticker, from the test's start.
    private final List<Duration> callTimes = Collections.synchronizedList(new ArrayList<>());

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
        assertThat(log.attempts()).extracting(UsageRecord.Attempt::result).containsExactly(AttemptResult.SERVER_ERROR, AttemptResult.SERVED);
        // A deployment not tried yet goes at once: its failure is independent of the first one's.
        assertThat(ticker.sleeps()).isEmpty();
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
    void each_retry_of_a_deployment_waits_twice_as_long_as_the_one_before_up_to_the_longest_backoff() {
        Failover longestWaits = failover(patientBoard, new TopOfRange());
        Plan plan = plan(List.of(stage(List.of(a), 5)), false, Duration.ofMinutes(1), null, null,
                new Policy.Backoff(Duration.ofMillis(100), Duration.ofMillis(300)));

        assertThatThrownBy(() -> longestWaits.run(plan, script(Map.of("a", bad(500, "boom"))), new AttemptLog()));

        // Full jitter draws from [0, min(max, initial * 2^(n-1))]; at the top of every range the waits are its bounds.
        assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
                Duration.ofMillis(300));
        assertThat(callTimes).containsExactly(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(600),
                Duration.ofMillis(900));
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
        openCircuitOf(a);
        AttemptLog log = new AttemptLog();

        assertThatThrownBy(() -> failover.run(plan(stage(List.of(a), 1)), script(Map.of()), log))
                .isInstanceOfSatisfying(GatewayException.Unavailable.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("circuit open");
        assertThat(calls).isEmpty();
        assertThat(board.of(a).snapshot().circuit()).isEqualTo(Circuit.OPEN);
    }

    @Test
    void an_open_circuit_lets_a_probe_through_only_once_its_cooldown_has_passed() {
        openCircuitOf(a);

        ticker.advance(BREAKER_COOLDOWN);
        assertThatThrownBy(() -> failover.run(plan(stage(List.of(a), 1)), script(Map.of()), new AttemptLog()))
                .hasMessageContaining("circuit open");
        ticker.advance(Duration.ofNanos(1));
        Served<FakeAnswer> probe = failover.run(plan(stage(List.of(a), 1)), script(Map.of()), new AttemptLog());

        assertThat(probe.deployment()).isEqualTo(a);
        assertThat(calls).containsExactly("a");
        assertThat(board.of(a).snapshot().circuit()).isEqualTo(Circuit.HALF_OPEN);
    }

    @Test
    void a_short_retry_after_is_waited_out_before_the_same_deployment_is_tried_again() {
        Failover noJitter = failover(board, new BottomOfRange());
        Attempt<FakeAnswer> attempts = (d, control) -> {
            called(d);
            if (calls.size() == 1) {
                throw new GatewayException.UpstreamRejected(429, "slow down", null, null, null, Duration.ofMillis(80));
            }
            return new FakeAnswer(false);
        };

        noJitter.run(plan(stage(List.of(a), 3)), attempts, new AttemptLog());

        assertThat(calls).containsExactly("a", "a");
        assertThat(callTimes).containsExactly(Duration.ZERO, Duration.ofMillis(80));
    }

    @Test
    void a_retry_after_longer_than_the_longest_backoff_goes_back_to_the_client() {
        AttemptLog log = new AttemptLog();
        GatewayException limited = new GatewayException.UpstreamRejected(429, "slow down", null, null, null, Duration.ofSeconds(30));

        assertThatThrownBy(() -> failover.run(plan(stage(List.of(a), 3)), script(Map.of("a", limited)), log))
                .isSameAs(limited);
        assertThat(log.count()).isEqualTo(1);
        assertThat(ticker.sleeps()).isEmpty();
    }

    @Test
    void when_every_deployment_cools_down_the_gateways_429_gives_the_whole_seconds_until_the_first_is_back() {
        Attempt<FakeAnswer> limited = script(Map.of(
                "a", new GatewayException.UpstreamRejected(429, "slow down", null, null, null, Duration.ofMillis(2_500)),
                "b", new GatewayException.UpstreamRejected(429, "slow down", null, null, null, Duration.ofSeconds(4))));
        assertThatThrownBy(() -> failover.run(plan(stage(List.of(a, b), 3)), limited, new AttemptLog()));

        GatewayException now = catchGateway(() -> failover.run(plan(stage(List.of(a, b), 3)), limited, new AttemptLog()));
        ticker.advance(Duration.ofMillis(600));
        GatewayException later = catchGateway(() -> failover.run(plan(stage(List.of(a, b), 3)), limited, new AttemptLog()));

        assertThat(calls).containsExactlyInAnyOrder("a", "b");
        assertThat(now).isInstanceOfSatisfying(GatewayException.UpstreamRejected.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        });
        assertThat(later).isInstanceOfSatisfying(GatewayException.UpstreamRejected.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(2)));
    }

    @Test
    void no_attempt_starts_and_no_backoff_waits_past_the_deadline() {
        Failover longestWaits = failover(patientBoard, new TopOfRange());
        Plan plan = plan(List.of(stage(List.of(a), 10)), false, Duration.ofMillis(200), null, null,
                new Policy.Backoff(Duration.ofMillis(150), Duration.ofMillis(150)));

        assertThatThrownBy(() -> longestWaits.run(plan, script(Map.of("a", bad(500, "boom"))), new AttemptLog()))
                .isInstanceOf(GatewayException.UpstreamTimeout.class).hasMessageContaining("deadline of 200 ms");

        assertThat(callTimes).containsExactly(Duration.ZERO, Duration.ofMillis(150));
        // The second back-off would last 150 ms; it is cut at the deadline, 50 ms on.
        assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(150), Duration.ofMillis(50));
        assertThat(ticker.since(start)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void a_stream_without_a_first_token_in_time_is_aborted_at_the_first_token_timeout_and_retried_elsewhere() throws Exception {
        Plan plan = plan(List.of(stage(List.of(a, b), 2)), true, Duration.ofSeconds(10), Duration.ofMillis(100), null, FAST_BACKOFF);
        AttemptLog log = new AttemptLog();
        List<GatewayException> abortedBeforeTimeout = Collections.synchronizedList(new ArrayList<>());
        Attempt<FakeAnswer> attempts = (d, control) -> {
            called(d);
            if (calls.size() > 1) {
                return new FakeAnswer(false);
            }
            ticker.advance(Duration.ofMillis(99));
            awaitWatchdogTick();
            abortedBeforeTimeout.add(control.abortReason());
            ticker.advance(Duration.ofMillis(1));
            return hangUntilAborted(control);
        };

        Served<FakeAnswer> served = failover.run(plan, attempts, log);

        assertThat(abortedBeforeTimeout).containsOnlyNulls();
        assertThat(served.deployment().provider().name()).isEqualTo(calls.get(1));
        assertThat(log.attempts()).extracting(UsageRecord.Attempt::result).containsExactly(AttemptResult.TIMEOUT, AttemptResult.SERVED);
        assertThat(log.attempts().get(0).latencyMicros()).isEqualTo(100_000);
        assertThat(callTimes).containsExactly(Duration.ZERO, Duration.ofMillis(100));
    }

    @Test
    void a_streams_first_token_is_awaited_no_longer_than_the_deadline() {
        Plan plan = plan(List.of(stage(List.of(a, b), 2)), true, Duration.ofMillis(300), Duration.ofSeconds(1), null, FAST_BACKOFF);
        AttemptLog log = new AttemptLog();
        Attempt<FakeAnswer> attempts = (d, control) -> {
            called(d);
            ticker.advance(Duration.ofMillis(300));
            return hangUntilAborted(control);
        };

        assertThatThrownBy(() -> failover.run(plan, attempts, log))
                .isInstanceOf(GatewayException.UpstreamTimeout.class).hasMessageContaining("deadline of 300 ms");

        assertThat(calls).hasSize(1);
        assertThat(log.attempts()).extracting(UsageRecord.Attempt::result, UsageRecord.Attempt::latencyMicros)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AttemptResult.TIMEOUT, 300_000L));
    }

    @Test
    void a_hedge_starts_after_the_delay_and_the_first_answer_wins_while_the_other_is_cancelled() throws Exception {
        Plan plan = plan(List.of(stage(List.of(a, b), 1)), true, Duration.ofSeconds(10), null,
                new HedgeRule(Duration.ofMillis(50), 0, Duration.ofSeconds(1)), FAST_BACKOFF);
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch slowAborted = new CountDownLatch(1);
        Map<String, CallControl> controls = new ConcurrentHashMap<>();
        Attempt<FakeAnswer> attempts = (d, control) -> {
            called(d);
            controls.put(d.provider().name(), control);
            if (calls.size() == 1) {
                slowStarted.countDown();
                try {
                    return hangUntilAborted(control);
                } finally {
                    slowAborted.countDown();
                }
            }
            return new FakeAnswer(false);
        };
        AttemptLog log = new AttemptLog();

        CompletableFuture<Served<FakeAnswer>> running = CompletableFuture.supplyAsync(() -> failover.run(plan, attempts, log));
        assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ticker.awaitWaiter()).isEqualTo(Duration.ofMillis(50));
        assertThat(calls).hasSize(1);
        ticker.advance(Duration.ofMillis(50));
        Served<FakeAnswer> served = running.get(5, TimeUnit.SECONDS);

        String slow = calls.get(0);
        String fast = calls.get(1);
        assertThat(callTimes).containsExactly(Duration.ZERO, Duration.ofMillis(50));
        assertThat(served.deployment().provider().name()).isEqualTo(fast);
        assertThat(slowAborted.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(controls.get(slow).abortReason()).isNotNull();
        assertThat(results(log)).containsExactlyInAnyOrder(slow + "/m:cancelled", fast + "/m:served");
        served.finish(Outcome.COMPLETED);
        assertThat(board.of(served.deployment()).snapshot().inFlight()).isZero();
        // The loser's time without a token counts as its latency, so balancing learns it is slow. Its
        // thread records that after it has been aborted, so the sample may land just after the race ends.
        Deployment loser = served.deployment() == a ? b : a;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (board.of(loser).snapshot().ttftMillis() == null && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
        }
        assertThat(board.of(loser).snapshot().ttftMillis()).isEqualTo(50.0);
        assertThat(board.of(loser).snapshot().circuit()).isEqualTo(Circuit.CLOSED);
    }

    @Test
    void an_attempt_that_answers_before_the_hedge_delay_gets_no_twin() {
        Plan plan = plan(List.of(stage(List.of(a, b), 1)), true, Duration.ofSeconds(10), null,
                new HedgeRule(Duration.ofMillis(50), 0, Duration.ofSeconds(1)), FAST_BACKOFF);
        AttemptLog log = new AttemptLog();

        // The ticker never moves: only the answer can end the race's wait for the hedge delay.
        Served<FakeAnswer> served = failover.run(plan, script(Map.of()), log);

        assertThat(calls).hasSize(1);
        assertThat(served.deployment().provider().name()).isEqualTo(calls.get(0));
        assertThat(log.attempts()).extracting(UsageRecord.Attempt::result).containsExactly(AttemptResult.SERVED);
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

    /** Fails enough attempts on {@code d} for its breaker (4 calls, half failed) to open. */
    private void openCircuitOf(Deployment d) {
        Attempt<FakeAnswer> down = script(Map.of(d.provider().name(), bad(500, "down")));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> failover.run(plan(stage(List.of(d), 1)), down, new AttemptLog()));
        }
        calls.clear();
        callTimes.clear();
    }

    /**
     * Returns once the watchdog has looked at the ticker's current time: an action armed now is due
     * at once, and the watchdog fires every due action in one pass, earliest first.
     */
    private void awaitWatchdogTick() {
        CountDownLatch ticked = new CountDownLatch(1);
        watchdog.arm(0, ticked::countDown);
        try {
            assertThat(ticked.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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

    private void called(Deployment d) {
        synchronized (calls) {
            calls.add(d.provider().name());
            callTimes.add(ticker.since(start));
        }
    }

    private Attempt<FakeAnswer> script(Map<String, GatewayException> failures) {
        BiFunction<Deployment, CallControl, FakeAnswer> run = (d, control) -> {
            called(d);
            GatewayException failure = failures.get(d.provider().name());
            if (failure != null) {
                throw failure;
            }
            return new FakeAnswer(false);
        };
        return run::apply;
    }

    private static GatewayException catchGateway(Runnable run) {
        try {
            run.run();
        } catch (GatewayException e) {
            return e;
        }
        throw new AssertionError("no GatewayException");
    }

    private Failover failover(HealthBoard health, RandomGenerator random) {
        return new Failover(health, watchdog, ticker, ticker, () -> random);
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

    private Plan plan(Stage... stages) {
        return plan(List.of(stages), false, Duration.ofSeconds(10), null, null, FAST_BACKOFF);
    }

    /** A plan whose deadline is {@code timeout} after now on the ticker. */
    private Plan plan(List<Stage> stages, boolean stream, Duration timeout, Duration firstTokenTimeout, HedgeRule hedge,
                      Policy.Backoff backoff) {
        return new Plan("m", stages, stream, ticker.read() + timeout.toNanos(), timeout, firstTokenTimeout, hedge, backoff);
    }

    private static Deployment deployment(String provider) {
        return TestDeployments.deployment(provider, 1);
    }

    /** Random numbers at the top of every range: each back-off waits as long as it may. */
    private static final class TopOfRange implements RandomGenerator {
        @Override
        public long nextLong() {
            return -1;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }

        @Override
        public int nextInt(int bound) {
            return bound - 1;
        }
    }

    /** Random numbers at the bottom of every range: back-offs take no time. */
    private static final class BottomOfRange implements RandomGenerator {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return 0;
        }

        @Override
        public int nextInt(int bound) {
            return 0;
        }
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
