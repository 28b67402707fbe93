package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.switchboard.testing.FailoverRig;
import dev.switchboard.testing.FailoverRig.Answer;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RawChat;
import dev.switchboard.testing.RawChat.Mode;
import dev.switchboard.testing.RawChat.Protocol;
import dev.switchboard.testing.RawChat.Reply;
import dev.switchboard.testing.Wire;
import dev.switchboard.usage.AttemptResult;
import dev.switchboard.usage.TokenUsage;
import dev.switchboard.usage.UsageRecord;
import dev.switchboard.usage.UsageRecord.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upstream faults injected with WireMock — rate limits, server errors, connection resets, slow
 * heads, slow first tokens, answers that are not JSON, streams cut short — for both client
 * protocols, whole and streamed, checking what the client sees (status, text, how a stream ends,
 * the deployment and attempt-count headers) and what the gateway records (each attempt, the
 * outcome, the usage and cost charged).
 *
 * <p>Each test asks for a model of its own, served by the flaky vendor of the client's own format
 * (so the answer passes through) and retried once, whose fallback is the same upstream model on the
 * healthy vendor of that format. Deployment health lives as long as the gateway, so own model
 * names keep one test's rate-limit cool-downs and failures from steering another's requests.
 * Raw HTTP rather than an SDK, so every byte of a stream's ending is seen; {@link FaultInjectionSdkTest}
 * checks what the official SDKs make of the same faults.
 */
class FaultInjectionTest {
    private static final List<String> FAULTS = List.of("rate-limit", "server-error", "overloaded", "reset", "slow-headers",
            "slow-first-token", "not-json", "cut-early", "cut");
    private static final String CUT_MESSAGE = "The upstream stream ended before the answer was complete.";

    private static FailoverRig rig;

    /**
     * The model a test asks for: its only deployment on the flaky vendor of the client's format,
     * retried once (slow faults: not at all, and streams wait 300 ms at most for a first token),
     * falling back to the same upstream model on the healthy vendor.
     */
    private record Route(String fault, Protocol protocol, Mode mode) {
        String model() {
            return fault + "-" + protocol.name().toLowerCase(Locale.ROOT) + "-" + mode.name().toLowerCase(Locale.ROOT);
        }

        String flaky() {
            return FailoverRig.flakyProvider(protocol.format()) + "/" + model();
        }

        String healthy() {
            return FailoverRig.healthyProvider(protocol.format()) + "/" + model();
        }

        boolean slow() {
            return fault.startsWith("slow");
        }

        String yaml() {
            return """
                      %s:
                        deployments: [{provider: %s, model: %s}]
                        retries: %d
                        fallbacks: [%s]
                    """.formatted(model(), FailoverRig.flakyProvider(protocol.format()), model(), slow() ? 0 : 1, healthy())
                    + (slow() ? "    first_token_timeout: 300ms\n" : "");
        }

        FakeVendor flakyVendor() {
            return rig.flaky(protocol.format());
        }

        /** Makes every call to the flaky deployment answer {@code response}. */
        void inject(ResponseDefinitionBuilder response) {
            flakyVendor().server().stubFor(post(Wire.chatPath(protocol.format())).willReturn(response));
        }

        Reply ask() {
            return RawChat.send(rig.gateway(), protocol, model(), mode.stream());
        }

        /**
         * The recorded answer in the client's format, whole or streamed as asked: what the healthy
         * vendor sends, and what the flaky one starts from when it misbehaves.
         */
        Answer answer() {
            return Answer.of(protocol.format(), mode.stream());
        }

        int flakyCalls() {
            return flakyVendor().server().findAll(postRequestedFor(urlEqualTo(Wire.chatPath(protocol.format())))).size();
        }
    }

    /** One failed attempt at the flaky deployment, as recorded. */
    private record Failed(AttemptResult result, int status) {
    }

    @BeforeAll
    static void start() {
        StringBuilder models = new StringBuilder();
        List<String> priced = new ArrayList<>();
        for (String fault : FAULTS) {
            for (Protocol protocol : Protocol.values()) {
                for (Mode mode : Mode.values()) {
                    Route route = new Route(fault, protocol, mode);
                    models.append(route.yaml());
                    priced.add(route.flaky());
                    priced.add(route.healthy());
                }
            }
        }
        rig = FailoverRig.start(models.toString(), priced);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @BeforeEach
    void reset() {
        rig.reset();
    }

    // ---- faults before the answer: the client never notices, the record shows every attempt ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void a_429_with_retry_after_falls_back_at_once_instead_of_waiting(Protocol protocol, Mode mode) {
        Route route = new Route("rate-limit", protocol, mode);
        route.inject(Wire.error(protocol.format(), 429, "error-rate-limit.json").withHeader("Retry-After", "20"));

        Reply reply = route.ask();

        UsageRecord record = assertServedByFallback(route, reply, new Failed(AttemptResult.RATE_LIMIT, 429));
        // A Retry-After longer than the backoff allows (50 ms): the deployment is not waited for, nor called again.
        // Real time, so with room for a loaded machine, yet far below the 20 s; FailoverTest pins "no wait" exactly.
        assertThat(route.flakyCalls()).isEqualTo(1);
        assertThat(record.latencyMicros()).isLessThan(10_000_000);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void a_500_is_retried_once_then_the_fallback_serves(Protocol protocol, Mode mode) {
        Route route = new Route("server-error", protocol, mode);
        String payload = protocol.format() == FakeVendor.Format.ANTHROPIC ? "error-api.json" : "error-server.json";
        route.inject(Wire.error(protocol.format(), 500, payload));

        Reply reply = route.ask();

        assertServedByFallback(route, reply, new Failed(AttemptResult.SERVER_ERROR, 500), new Failed(AttemptResult.SERVER_ERROR, 500));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void an_overloaded_vendor_is_retried_once_then_the_fallback_serves(Protocol protocol, Mode mode) {
        Route route = new Route("overloaded", protocol, mode);
        // Overload is a 503 at OpenAI and a 529 at Anthropic.
        int status = protocol.format() == FakeVendor.Format.ANTHROPIC ? 529 : 503;
        route.inject(Wire.error(protocol.format(), status, "error-overloaded.json"));

        Reply reply = route.ask();

        assertServedByFallback(route, reply, new Failed(AttemptResult.SERVER_ERROR, status), new Failed(AttemptResult.SERVER_ERROR, status));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void a_connection_reset_is_retried_once_then_the_fallback_serves(Protocol protocol, Mode mode) {
        Route route = new Route("reset", protocol, mode);
        route.inject(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        Reply reply = route.ask();

        // No upstream status: the gateway's own 502 is recorded.
        assertServedByFallbackAfter(route, reply, new Failed(AttemptResult.SERVER_ERROR, 502), new Failed(AttemptResult.SERVER_ERROR, 502));
        // A reset before any byte of the answer, on a connection from the pool, looks exactly like a
        // connection the vendor closed while idle, so an attempt that took a pooled connection sent
        // its request once more on a new one (StaleConnectionRetry). The tests run one at a time, so
        // at most one idle connection to the vendor is pooled: each attempt reached it once or twice.
        assertThat(route.flakyCalls()).isBetween(2, 4);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void a_head_slower_than_the_limit_times_out_and_the_fallback_serves(Protocol protocol, Mode mode) {
        Route route = new Route("slow-headers", protocol, mode);
        route.inject(route.answer().response().withFixedDelay(1_200));

        Reply reply = route.ask();

        // Whole answers hit the provider's 400 ms timeout, streams the 300 ms first-token timeout: cut there, not
        // served late by the flaky vendor. Never before; the upper bound, real time, only rules out a hang.
        UsageRecord record = assertServedByFallback(route, reply, new Failed(AttemptResult.TIMEOUT, 504));
        assertThat(record.latencyMicros()).isBetween(mode.stream() ? 300_000L : 400_000L, 10_000_000L);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void a_first_token_slower_than_the_limit_times_out_and_the_fallback_serves(Protocol protocol, Mode mode) {
        Route route = new Route("slow-first-token", protocol, mode);
        // The head comes within 100 ms and the body trickles in over 4 s: a stream's first token
        // after about 2 s, past the 300 ms first-token timeout; a whole answer past the provider's 400 ms.
        Answer answer = route.answer();
        String body = mode.stream() ? withFirstTokenHeldBack(answer) : answer.body();
        route.inject(answer.response().withBody(body).withChunkedDribbleDelay(40, 4_000));

        Reply reply = route.ask();

        UsageRecord record = assertServedByFallback(route, reply, new Failed(AttemptResult.TIMEOUT, 504));
        assertThat(record.latencyMicros()).isBetween(mode.stream() ? 300_000L : 400_000L, 10_000_000L);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void an_answer_that_is_not_json_is_retried_once_then_the_fallback_serves(Protocol protocol, Mode mode) {
        Route route = new Route("not-json", protocol, mode);
        if (mode.stream()) {
            // The stream opens properly, then an event whose data is not JSON comes before any token.
            List<String> events = events(route.answer());
            String garbled = events.get(1).substring(0, events.get(1).length() / 2) + "\n\n";
            route.inject(route.answer().response().withBody(events.get(0) + garbled + String.join("", events.subList(2, events.size()))));
        } else {
            route.inject(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                    .withBody("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"));
        }

        Reply reply = route.ask();

        assertServedByFallback(route, reply, new Failed(AttemptResult.SERVER_ERROR, 502), new Failed(AttemptResult.SERVER_ERROR, 502));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void a_stream_cut_before_its_first_token_is_retried_once_then_the_fallback_serves(Protocol protocol) {
        Route route = new Route("cut-early", protocol, Mode.STREAM);
        Answer answer = route.answer();
        route.inject(answer.response().withBody(answer.body().substring(0, firstTokenAt(answer))));

        Reply reply = route.ask();

        assertServedByFallback(route, reply, new Failed(AttemptResult.SERVER_ERROR, 502), new Failed(AttemptResult.SERVER_ERROR, 502));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void a_whole_answer_cut_mid_body_is_retried_once_then_the_fallback_serves(Protocol protocol) {
        Route route = new Route("cut", protocol, Mode.WHOLE);
        String body = route.answer().body();
        route.inject(route.answer().response().withBody(body.substring(0, body.length() / 2)));

        Reply reply = route.ask();

        assertServedByFallback(route, reply, new Failed(AttemptResult.SERVER_ERROR, 502), new Failed(AttemptResult.SERVER_ERROR, 502));
    }

    // ---- a fault after the first token: too late to fail over, so the client must learn of it ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void a_stream_cut_after_its_first_token_ends_with_an_error_event_and_never_a_normal_end(Protocol protocol) {
        Route route = new Route("cut", protocol, Mode.STREAM);
        Answer answer = route.answer();
        List<String> events = events(answer);
        // Up to the first two text deltas, then the connection closes: no [DONE], no message_stop.
        int kept = protocol == Protocol.OPENAI ? 3 : 5;
        route.inject(answer.response().withBody(String.join("", events.subList(0, kept))));

        Reply reply = route.ask();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("x-switchboard-deployment")).hasValue(route.flaky());
        assertThat(reply.header("x-switchboard-attempts")).hasValue("1");
        assertThat(reply.text()).isEqualTo(protocol == Protocol.OPENAI ? "The capital" : "Hello! How can I");
        assertThat(reply.hasNormalEnd()).isFalse();
        assertThat(reply.lastEvent().name()).isEqualTo("error");
        if (protocol == Protocol.OPENAI) {
            assertThat(reply.error().path("type").asText()).isEqualTo("upstream_error");
            assertThat(reply.error().path("code").asText()).isEqualTo("upstream_unavailable");
        } else {
            assertThat(reply.lastEvent().json().path("type").asText()).isEqualTo("error");
            assertThat(reply.error().path("type").asText()).isEqualTo("api_error");
        }
        assertThat(reply.error().path("message").asText()).isEqualTo(CUT_MESSAGE);

        UsageRecord record = rig.usage().of(reply.requestId());
        assertThat(record.outcome()).isEqualTo(Outcome.STREAM_CUT);
        assertThat(record.httpStatus()).isEqualTo(200);
        assertThat(record.provider()).isEqualTo(FailoverRig.flakyProvider(protocol.format()));
        assertThat(record.attempts()).extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result, UsageRecord.Attempt::status)
                .containsExactly(tuple(route.flaky(), AttemptResult.SERVED, 200));
        if (protocol == Protocol.OPENAI) {
            // OpenAI reports usage in the stream's last chunk, which never came: cost unknown, not zero.
            assertThat(record.usage()).isNull();
            assertThat(record.costUsd()).isNull();
        } else {
            // Anthropic's message_start counts the prompt and the first output tokens: what was reported is charged.
            assertThat(record.usage()).isEqualTo(new TokenUsage(2520, 2048, 0, 2, 0));
            // 472 input x $3/M + 2048 cache reads x $0.30/M + 2 output x $15/M
            assertThat(record.costUsd()).isEqualByComparingTo("0.0020604");
        }
    }

    // ---- helpers ----

    /**
     * Checks that the client got the healthy vendor's whole answer from the fallback, named in the
     * headers, after {@code failures} at the flaky deployment; and that the record lists those
     * failures, without usage, before the served attempt, whose usage alone is charged.
     */
    private static UsageRecord assertServedByFallback(Route route, Reply reply, Failed... failures) {
        assertThat(route.flakyCalls()).as("requests that reached the flaky vendor").isEqualTo(failures.length);
        return assertServedByFallbackAfter(route, reply, failures);
    }

    /** As {@link #assertServedByFallback}, whatever number of requests reached the flaky vendor. */
    private static UsageRecord assertServedByFallbackAfter(Route route, Reply reply, Failed... failures) {
        Answer answer = route.answer();
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.isStream()).isEqualTo(route.mode().stream());
        assertThat(reply.text()).isEqualTo(answer.text());
        if (route.mode().stream()) {
            assertThat(reply.hasNormalEnd()).isTrue();
            assertThat(reply.events()).noneMatch(e -> "error".equals(e.name()));
        }
        assertThat(reply.header("x-switchboard-deployment")).hasValue(route.healthy());
        assertThat(reply.header("x-switchboard-attempts")).hasValue(Integer.toString(failures.length + 1));

        UsageRecord record = rig.usage().of(reply.requestId());
        assertThat(record.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(record.httpStatus()).isEqualTo(200);
        assertThat(record.requestedModel()).isEqualTo(route.model());
        assertThat(record.provider()).isEqualTo(FailoverRig.healthyProvider(route.protocol().format()));
        assertThat(record.servedModel()).isEqualTo(route.model());
        List<org.assertj.core.groups.Tuple> expected = new ArrayList<>();
        for (Failed failure : failures) {
            expected.add(tuple(route.flaky(), failure.result(), failure.status(), null));
        }
        expected.add(tuple(route.healthy(), AttemptResult.SERVED, 200, null));
        assertThat(record.attempts())
                .extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result, UsageRecord.Attempt::status, UsageRecord.Attempt::usage)
                .containsExactlyElementsOf(expected);
        assertThat(record.usage()).isNotNull();
        assertThat(record.costUsd()).isEqualByComparingTo(answer.cost());
        return record;
    }

    /** A recorded stream split into its events, each with its blank-line terminator. */
    private static List<String> events(Answer answer) {
        List<String> events = new ArrayList<>();
        String body = answer.body();
        int start = 0;
        for (int end = body.indexOf("\n\n"); end >= 0; end = body.indexOf("\n\n", start)) {
            events.add(body.substring(start, end + 2));
            start = end + 2;
        }
        return events;
    }

    /** Where the recorded stream's first token (text) begins: everything before only opens the answer. */
    private static int firstTokenAt(Answer answer) {
        String body = answer.body();
        return answer.format() == FakeVendor.Format.ANTHROPIC
                ? body.indexOf("event: content_block_delta")
                : body.indexOf("\n\n") + 2;
    }

    /**
     * The recorded stream with an SSE comment after the events that only open the answer, as long
     * as the rest, so that a body trickled out in even chunks brings its first token only halfway.
     */
    private static String withFirstTokenHeldBack(Answer answer) {
        String body = answer.body();
        int at = firstTokenAt(answer);
        String padding = ": " + "-".repeat(body.length()) + "\n\n";
        return body.substring(0, at) + padding + body.substring(at);
    }
}
