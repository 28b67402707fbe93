package dev.switchboard.governance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.governance.Scope;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.testing.GovernanceRig;
import dev.switchboard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-minute request and token limits on keys and teams, with the clock moved by hand. */
class RateLimitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = GovernanceRig.chatBody("gpt-4o-mini", 16);
    private GovernanceRig rig;

    @BeforeEach
    void start() {
        rig = GovernanceRig.start(TestDatabase.SQLITE);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private String keyLimitedTo(Integer requestsPerMinute, Long tokensPerMinute) {
        IdentityStore.CreatedKey key = rig.newKey();
        rig.governance().rateLimits().put(new RateLimit(Scope.KEY, key.key().id(), requestsPerMinute, tokensPerMinute));
        rig.governance().changed();
        return key.secret();
    }

    @Test
    void exactly_n_of_n_plus_k_rapid_requests_pass_a_limit_of_n_per_minute() {
        String key = keyLimitedTo(5, null);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(rig.chat(key, CHAT).statusCode());
        }

        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
    }

    @Test
    void the_remaining_count_goes_down_by_one_per_request() {
        String key = keyLimitedTo(5, null);

        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = rig.chat(key, CHAT);
            assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).contains("5");
            remaining.add(response.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        }

        assertThat(remaining).containsExactly("4", "3", "2", "1", "0");
    }

    @Test
    void a_refusal_is_429_with_retry_after_and_the_rate_limit_headers() throws Exception {
        String key = keyLimitedTo(1, null);
        rig.chat(key, CHAT);

        HttpResponse<String> refused = rig.chat(key, CHAT);

        assertThat(refused.statusCode()).isEqualTo(429);
        // One request a minute refills in 60 s.
        assertThat(refused.headers().firstValue("Retry-After")).contains("60");
        assertThat(refused.headers().firstValue("x-ratelimit-limit-requests")).contains("1");
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
        assertThat(refused.headers().firstValue("x-ratelimit-reset-requests")).contains("1m0s");
        assertThat(JSON.readTree(refused.body()).path("error").path("message").asText())
                .contains("requests").contains("this key allows 1 requests per minute");
    }

    @Test
    void a_refused_caller_gets_room_back_as_the_clock_moves_on() {
        String key = keyLimitedTo(6, null);
        for (int i = 0; i < 6; i++) {
            rig.chat(key, CHAT);
        }
        assertThat(rig.chat(key, CHAT).statusCode()).isEqualTo(429);

        // Six a minute refill one every ten seconds.
        rig.clock().advance(Duration.ofSeconds(10));

        assertThat(rig.chat(key, CHAT).statusCode()).isEqualTo(200);
        assertThat(rig.chat(key, CHAT).statusCode()).isEqualTo(429);
    }

    @Test
    void a_team_limit_holds_across_the_teams_keys_and_says_it_is_the_teams() throws Exception {
        rig.governance().rateLimits().put(new RateLimit(Scope.TEAM, rig.team().id(), 2, null));
        String first = rig.newKey().secret();
        String second = rig.newKey().secret();

        assertThat(rig.chat(first, CHAT).statusCode()).isEqualTo(200);
        assertThat(rig.chat(second, CHAT).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = rig.chat(first, CHAT);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(refused.body()).path("error").path("message").asText()).contains("this team allows 2 requests");
    }

    @Test
    void a_token_limit_counts_the_tokens_answers_actually_used() throws Exception {
        // A request takes its prompt estimate (its size in bytes, P) at admission and is settled at the
        // 2P tokens its answer reports. With 3P a minute: the first leaves P, the second fits in it
        // and overdraws by P, so the third must wait.
        long prompt = CHAT.getBytes(StandardCharsets.UTF_8).length;
        rig.answerWithUsage(prompt, prompt);
        String key = keyLimitedTo(null, 3 * prompt);

        HttpResponse<String> first = rig.chat(key, CHAT);
        HttpResponse<String> second = rig.chat(key, CHAT);
        HttpResponse<String> third = rig.chat(key, CHAT);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("x-ratelimit-limit-tokens")).contains(Long.toString(3 * prompt));
        assertThat(third.headers().firstValue("x-ratelimit-remaining-tokens")).contains("0");
        assertThat(JSON.readTree(third.body()).path("error").path("message").asText()).contains("tokens");
    }

    @Test
    void the_remaining_tokens_header_shows_what_the_admitted_request_left() {
        rig.answerWithUsage(20, 40);
        String key = keyLimitedTo(null, 1000L);
        rig.chat(key, CHAT);

        HttpResponse<String> second = rig.chat(key, CHAT);

        long remaining = Long.parseLong(second.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        // 1000 minus the first answer's 60 minus this request's prompt estimate (its size), taken at admission.
        assertThat(remaining).isEqualTo(1000 - 60 - CHAT.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void callers_without_limits_get_no_rate_limit_headers() {
        String key = rig.newKey().secret();

        HttpResponse<String> response = rig.chat(key, CHAT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
    }

    @Test
    void reset_durations_are_written_as_openai_writes_them() {
        assertThat(RatePermit.duration(0)).isEqualTo("0s");
        assertThat(RatePermit.duration(20_000_000)).isEqualTo("20ms");
        assertThat(RatePermit.duration(1_000_000_000)).isEqualTo("1s");
        assertThat(RatePermit.duration(1_000_000_001)).isEqualTo("2s");
        assertThat(RatePermit.duration(Duration.ofMinutes(6).toNanos())).isEqualTo("6m0s");
    }
}
