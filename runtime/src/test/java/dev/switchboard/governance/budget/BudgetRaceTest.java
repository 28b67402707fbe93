package dev.switchboard.governance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.governance.Scope;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.testing.GovernanceRig;
import dev.switchboard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The race: 500 concurrent requests against a budget that covers 100 of them at their
 * largest possible cost. Reservation must keep the spend within the budget whatever the timing.
 */
class BudgetRaceTest {
    private static final int MAX_TOKENS = 10;
    private static final String BODY = GovernanceRig.chatBody("gpt-4o-mini", MAX_TOKENS);
    // The gateway's prompt estimate: the size of the body in bytes.
    private static final long PROMPT_ESTIMATE = BODY.getBytes(StandardCharsets.UTF_8).length;
    private static final long BOUND_NANOS = (PROMPT_ESTIMATE + MAX_TOKENS) * GovernanceRig.NANOS_PER_TOKEN;
    private static final long LIMIT_NANOS = 100 * BOUND_NANOS;
    private static final int REQUESTS = 500;

    private record Outcome(int status, long costNanos) {
    }

    private static List<Outcome> race(GovernanceRig rig, String key) throws Exception {
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < REQUESTS; i++) {
                futures.add(clients.submit(() -> {
                    HttpResponse<String> response = rig.chat(key, BODY);
                    long cost = response.headers().firstValue("x-switchboard-cost-usd")
                            .map(usd -> new BigDecimal(usd).movePointRight(9).longValueExact()).orElse(0L);
                    return new Outcome(response.statusCode(), cost);
                }));
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            outcomes.add(future.get());
        }
        return outcomes;
    }

    private static String budgetedKey(GovernanceRig rig) {
        IdentityStore.CreatedKey key = rig.newKey();
        rig.governance().budgets().put(Scope.KEY, key.key().id(), Budget.Period.MONTH, LIMIT_NANOS, List.of());
        // A roomier team budget too, so every request locks two budgets at once.
        rig.governance().budgets().put(Scope.TEAM, rig.team().id(), Budget.Period.DAY, 10 * LIMIT_NANOS, List.of());
        rig.governance().changed();
        return key.secret();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void five_hundred_concurrent_requests_against_a_budget_for_one_hundred_spend_at_most_the_budget(TestDatabase database) throws Exception {
        try (GovernanceRig rig = GovernanceRig.start(database)) {
            // Every answer costs exactly what was reserved for it.
            rig.answerWithUsage(PROMPT_ESTIMATE, MAX_TOKENS);
            String key = budgetedKey(rig);

            List<Outcome> outcomes = race(rig, key);

            assertThat(outcomes).extracting(Outcome::status).containsOnly(200, 402);
            assertThat(outcomes.stream().filter(o -> o.status() == 200).count()).isEqualTo(100);
            assertThat(outcomes.stream().mapToLong(Outcome::costNanos).sum()).isLessThanOrEqualTo(LIMIT_NANOS);
            assertThat(rig.chat(key, BODY).statusCode()).isEqualTo(402);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void when_answers_cost_less_than_reserved_settling_frees_room_and_spend_still_stays_within_the_budget(TestDatabase database)
            throws Exception {
        try (GovernanceRig rig = GovernanceRig.start(database)) {
            // Each answer costs 60 % of its reservation.
            rig.answerWithUsage(PROMPT_ESTIMATE * 6 / 10, MAX_TOKENS * 6 / 10);
            String key = budgetedKey(rig);

            List<Outcome> outcomes = race(rig, key);

            assertThat(outcomes).extracting(Outcome::status).containsOnly(200, 402);
            assertThat(outcomes.stream().filter(o -> o.status() == 200).count()).isGreaterThanOrEqualTo(100);
            assertThat(outcomes.stream().mapToLong(Outcome::costNanos).sum()).isLessThanOrEqualTo(LIMIT_NANOS);
        }
    }
}
