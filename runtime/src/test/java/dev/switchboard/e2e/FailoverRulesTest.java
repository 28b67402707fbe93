package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of failover, seen from outside with WireMock vendors: what is not retried (a request
 * the upstream rejects), what goes back to the client instead of being waited out (a long
 * {@code Retry-After}), what a request's own {@code x-switchboard-*} headers change, fallbacks
 * taken only on their conditions (a context window exceeded, a content-policy refusal), fallbacks
 * across vendor formats, and a rate-limited deployment left alone while it cools down.
 *
 * <p>As in {@link FaultInjectionTest}, every test asks for models of its own, so that deployment
 * health carried over from one test cannot steer another.
 */
class FailoverRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FailoverRig rig;

    @BeforeAll
    static void start() {
        StringBuilder models = new StringBuilder();
        List<String> priced = new ArrayList<>();
        for (Protocol protocol : Protocol.values()) {
            String flaky = flakyProvider(protocol);
            for (Mode mode : Mode.values()) {
                String bad = name("bad-request", protocol, mode);
                models.append(model(bad, flaky, "retries: 2", "fallbacks: [" + healthy(protocol, bad) + "]"));
                models.append(model(name("long-retry-after", protocol, mode), flaky, "retries: 2"));
                String deadline = name("deadline", protocol, mode);
                models.append(model(deadline, flaky, "retries: 2", "fallbacks: [" + healthy(protocol, deadline) + "]"));
                // An OpenAI-compatible vendor failing over to Anthropic's, whatever the client speaks.
                String cross = name("cross", protocol, mode);
                models.append(model(cross, FailoverRig.FLAKY, "retries: 0", "fallbacks: [" + FailoverRig.HEALTHY_CLAUDE + "/" + cross + "]"));
                priced.add(FailoverRig.HEALTHY_CLAUDE + "/" + cross);
            }
            models.append(model(name("cooling", protocol, Mode.WHOLE), flaky, "retries: 2"));
            models.append(model(name("header-retries", protocol, Mode.WHOLE), flaky, "retries: 2"));
            models.append(model(name("header-fallbacks", protocol, Mode.WHOLE), flaky, "retries: 0"));
            models.append(model(name("header-fallback-on", protocol, Mode.WHOLE), flaky, "retries: 0"));
            String context = name("context", protocol, Mode.WHOLE);
            models.append(model(context, flaky, "retries: 1", "fallbacks: [%s, {model: %s-large, on: [context_window_exceeded]}]"
                    .formatted(healthy(protocol, context), healthy(protocol, context))));
            priced.add(healthy(protocol, context) + "-large");
            String garbled = name("garbled", protocol, Mode.STREAM);
            models.append(model(garbled, otherFlaky(protocol), "retries: 0"));
        }
        String refusal = name("refusal", Protocol.OPENAI, Mode.WHOLE);
        models.append(model(refusal, FailoverRig.FLAKY, "retries: 0",
                "fallbacks: [{model: " + FailoverRig.HEALTHY + "/" + refusal + ", on: [content_policy]}]"));
        priced.add(FailoverRig.FLAKY + "/" + refusal);
        priced.add(FailoverRig.HEALTHY + "/" + refusal);
        models.append("""
                  pair:
                    deployments: [{provider: %s, model: pair}, {provider: %s, model: pair}]
                    balance: least-latency
                    retries: 1
                """.formatted(FailoverRig.FLAKY, FailoverRig.HEALTHY));
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

    // ---- what is not retried, and what is not waited for ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void a_400_the_request_caused_is_relayed_with_its_status_and_neither_retried_nor_failed_over(Protocol protocol, Mode mode) {
        String model = name("bad-request", protocol, mode);
        inject(protocol, Wire.error(protocol.format(), 400, "error-invalid-request.json"));

        Reply reply = RawChat.send(rig.gateway(), protocol, model, mode.stream());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.isStream()).isFalse();
        assertThat(reply.error().path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(reply.error().path("message").asText()).isEqualTo(protocol == Protocol.OPENAI
                ? "Invalid 'messages[1].content': string too long. Expected a string with maximum length 1048576, but got a string with length 1048577 instead."
                : "max_tokens: Field required");
        assertThat(reply.header("x-switchboard-attempts")).hasValue("1");
        assertThat(reply.header("x-switchboard-deployment")).isEmpty();
        assertThat(calls(rig.flaky(protocol.format()))).isEqualTo(1);
        assertThat(calls(rig.healthy(protocol.format()))).isZero();
        assertFailed(reply, 400, tuple(flaky(protocol, model), AttemptResult.REQUEST_ERROR, 400));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void a_429_whose_retry_after_is_longer_than_the_backoff_goes_back_to_the_client_with_its_retry_after(Protocol protocol, Mode mode) {
        String model = name("long-retry-after", protocol, mode);
        inject(protocol, Wire.error(protocol.format(), 429, "error-rate-limit.json").withHeader("Retry-After", "30"));

        Reply reply = RawChat.send(rig.gateway(), protocol, model, mode.stream());

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).hasValue("30");
        assertThat(reply.header("x-switchboard-attempts")).hasValue("1");
        assertThat(reply.error().path("type").asText()).isEqualTo(protocol == Protocol.OPENAI ? "tokens" : "rate_limit_error");
        assertThat(calls(rig.flaky(protocol.format()))).isEqualTo(1);
        UsageRecord record = assertFailed(reply, 429, tuple(flaky(protocol, model), AttemptResult.RATE_LIMIT, 429));
        // Retries: 2, but nothing waits 30 s for the deployment to cool down. Real time, with room for a
        // loaded machine; FailoverTest shows on a fake ticker that the loop does not sleep at all.
        assertThat(record.latencyMicros()).isLessThan(10_000_000);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void a_deployment_cooling_down_is_not_called_and_the_client_learns_how_long_to_wait(Protocol protocol) {
        String model = name("cooling", protocol, Mode.WHOLE);
        inject(protocol, Wire.error(protocol.format(), 429, "error-rate-limit.json").withHeader("Retry-After", "30"));
        RawChat.send(rig.gateway(), protocol, model, false);

        Reply again = RawChat.send(rig.gateway(), protocol, model, false);

        assertThat(again.status()).isEqualTo(429);
        assertThat(calls(rig.flaky(protocol.format()))).isEqualTo(1);
        assertThat(again.header("x-switchboard-attempts")).isEmpty();
        // What is left of the 30 s cool-down, in whole seconds rounded up: 30 unless the machine stalled between the
        // two requests, hence the slack. FailoverTest pins the rounding exactly on a fake ticker.
        assertThat(again.header("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(20, 30));
        assertFailed(again, 429);
    }

    // ---- a request's own headers ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void x_switchboard_retries_0_makes_one_attempt_where_the_model_allows_three(Protocol protocol) {
        String model = name("header-retries", protocol, Mode.WHOLE);
        inject(protocol, serverError(protocol));

        Reply once = RawChat.send(rig.gateway(), protocol, model, false, "x-switchboard-retries", "0");
        Reply configured = RawChat.send(rig.gateway(), protocol, model, false);

        assertThat(once.status()).isEqualTo(500);
        assertThat(once.header("x-switchboard-attempts")).hasValue("1");
        assertFailed(once, 500, tuple(flaky(protocol, model), AttemptResult.SERVER_ERROR, 500));
        assertThat(configured.status()).isEqualTo(500);
        assertThat(configured.header("x-switchboard-attempts")).hasValue("3");
        assertThat(calls(rig.flaky(protocol.format()))).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void x_switchboard_fallbacks_gives_a_model_without_fallbacks_one(Protocol protocol) {
        String model = name("header-fallbacks", protocol, Mode.WHOLE);
        inject(protocol, serverError(protocol));

        Reply reply = RawChat.send(rig.gateway(), protocol, model, false, "x-switchboard-fallbacks", healthy(protocol, model));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo(Answer.of(protocol.format(), false).text());
        assertThat(reply.header("x-switchboard-deployment")).hasValue(healthy(protocol, model));
        assertThat(reply.header("x-switchboard-attempts")).hasValue("2");
        UsageRecord record = rig.usage().of(reply.requestId());
        assertThat(record.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(record.attempts()).extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result, UsageRecord.Attempt::status)
                .containsExactly(tuple(flaky(protocol, model), AttemptResult.SERVER_ERROR, 500), tuple(healthy(protocol, model), AttemptResult.SERVED, 200));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void x_switchboard_fallback_on_keeps_the_fallback_out_of_failures_it_does_not_name(Protocol protocol) {
        String model = name("header-fallback-on", protocol, Mode.WHOLE);
        inject(protocol, serverError(protocol));

        Reply reply = RawChat.send(rig.gateway(), protocol, model, false,
                "x-switchboard-fallbacks", healthy(protocol, model), "x-switchboard-fallback-on", "rate_limit, timeout");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(calls(rig.healthy(protocol.format()))).isZero();
        assertFailed(reply, 500, tuple(flaky(protocol, model), AttemptResult.SERVER_ERROR, 500));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void x_switchboard_timeout_bounds_every_attempt_and_the_fallbacks_after_them(Protocol protocol, Mode mode) {
        String model = name("deadline", protocol, mode);
        inject(protocol, Answer.of(protocol.format(), mode.stream()).response().withFixedDelay(1_200));

        Reply reply = RawChat.send(rig.gateway(), protocol, model, mode.stream(), "x-switchboard-timeout", "250ms");

        assertThat(reply.status()).isEqualTo(504);
        assertThat(reply.error().path("type").asText()).isEqualTo("timeout_error");
        assertThat(reply.header("x-switchboard-attempts")).hasValue("1");
        assertThat(calls(rig.healthy(protocol.format()))).isZero();
        UsageRecord record = assertFailed(reply, 504, tuple(flaky(protocol, model), AttemptResult.TIMEOUT, 504));
        // Never before the deadline. That the attempt was cut rather than waited for shows in the 504 (waiting would
        // have ended in the upstream's 200); that it was cut at the deadline exactly, FailoverTest and CallControlTest
        // show on a fake ticker. The upper bound, in real time, only rules out a hang.
        assertThat(record.latencyMicros()).isBetween(250_000L, 10_000_000L);
    }

    // ---- fallbacks on conditions ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void a_context_window_exceeded_skips_the_plain_fallback_for_the_one_that_takes_it(Protocol protocol) {
        String model = name("context", protocol, Mode.WHOLE);
        String large = healthy(protocol, model) + "-large";
        inject(protocol, Wire.error(protocol.format(), 400,
                protocol == Protocol.OPENAI ? "error-context-length.json" : "error-prompt-too-long.json"));

        Reply reply = RawChat.send(rig.gateway(), protocol, model, false);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo(Answer.of(protocol.format(), false).text());
        assertThat(reply.header("x-switchboard-deployment")).hasValue(large);
        assertThat(reply.header("x-switchboard-attempts")).hasValue("2");
        // Not retried (the prompt will not shrink), and the plain fallback, for availability only, is skipped.
        assertThat(calls(rig.flaky(protocol.format()))).isEqualTo(1);
        assertThat(rig.healthy(protocol.format()).server().findAll(postRequestedFor(urlEqualTo(Wire.chatPath(protocol.format())))))
                .extracting(r -> parse(r.getBodyAsString()).path("model").asText()).containsExactly(model + "-large");
        UsageRecord record = rig.usage().of(reply.requestId());
        assertThat(record.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(record.servedModel()).isEqualTo(model + "-large");
        assertThat(record.attempts()).extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result, UsageRecord.Attempt::status)
                .containsExactly(tuple(flaky(protocol, model), AttemptResult.CONTEXT_WINDOW_EXCEEDED, 400), tuple(large, AttemptResult.SERVED, 200));
        assertThat(record.costUsd()).isEqualByComparingTo(Answer.of(protocol.format(), false).cost());
    }

    @Test
    void a_refused_answer_is_replaced_by_the_content_policy_fallback_and_only_the_served_answer_is_charged() {
        String model = name("refusal", Protocol.OPENAI, Mode.WHOLE);
        inject(Protocol.OPENAI, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(Wire.payload(FakeVendor.Format.OPENAI, "chat-completion-content-filter.json")));

        Reply reply = RawChat.send(rig.gateway(), Protocol.OPENAI, model, false);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo(Answer.OPENAI_WHOLE.text());
        assertThat(reply.header("x-switchboard-deployment")).hasValue(FailoverRig.HEALTHY + "/" + model);
        assertThat(reply.header("x-switchboard-cost-usd")).hasValue(Answer.OPENAI_WHOLE.cost().toPlainString());
        UsageRecord record = rig.usage().of(reply.requestId());
        // The refusal consumed tokens: the attempt shows them, the charge does not include them.
        assertThat(record.attempts())
                .extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result, UsageRecord.Attempt::status, UsageRecord.Attempt::usage)
                .containsExactly(tuple(FailoverRig.FLAKY + "/" + model, AttemptResult.CONTENT_POLICY, 200, new TokenUsage(18, 0, 0, 9, 0)),
                        tuple(FailoverRig.HEALTHY + "/" + model, AttemptResult.SERVED, 200, null));
        assertThat(record.usage()).isEqualTo(new TokenUsage(2006, 1920, 0, 10, 0));
        assertThat(record.costUsd()).isEqualByComparingTo(Answer.OPENAI_WHOLE.cost());
    }

    // ---- across vendor formats ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void an_openai_vendor_failing_falls_back_to_an_anthropic_vendor_in_the_clients_own_format(Protocol protocol, Mode mode) {
        String model = name("cross", protocol, mode);
        rig.flaky(FakeVendor.Format.OPENAI).server().stubFor(post(Wire.chatPath(FakeVendor.Format.OPENAI))
                .willReturn(Wire.error(FakeVendor.Format.OPENAI, 503, "error-overloaded.json")));
        Answer answer = Answer.of(FakeVendor.Format.ANTHROPIC, mode.stream());

        Reply reply = RawChat.send(rig.gateway(), protocol, model, mode.stream());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo(answer.text());
        if (mode.stream()) {
            assertThat(reply.hasNormalEnd()).isTrue();
        } else if (protocol == Protocol.OPENAI) {
            assertThat(reply.json().path("object").asText()).isEqualTo("chat.completion");
        } else {
            assertThat(reply.json().path("type").asText()).isEqualTo("message");
        }
        String served = FailoverRig.HEALTHY_CLAUDE + "/" + model;
        assertThat(reply.header("x-switchboard-deployment")).hasValue(served);
        assertThat(reply.header("x-switchboard-attempts")).hasValue("2");
        UsageRecord record = rig.usage().of(reply.requestId());
        assertThat(record.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(record.provider()).isEqualTo(FailoverRig.HEALTHY_CLAUDE);
        assertThat(record.attempts()).extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result, UsageRecord.Attempt::status)
                .containsExactly(tuple(FailoverRig.FLAKY + "/" + model, AttemptResult.SERVER_ERROR, 503), tuple(served, AttemptResult.SERVED, 200));
        assertThat(record.costUsd()).isEqualByComparingTo(answer.cost());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void a_translated_stream_garbled_after_its_first_token_ends_with_an_error_event_in_the_clients_format(Protocol protocol) {
        String model = name("garbled", protocol, Mode.STREAM);
        // The upstream speaks the other format, so every event is decoded: one that is not JSON breaks the stream.
        FakeVendor.Format upstream = protocol == Protocol.OPENAI ? FakeVendor.Format.ANTHROPIC : FakeVendor.Format.OPENAI;
        String stream = Answer.of(upstream, true).body();
        int secondToken = upstream == FakeVendor.Format.OPENAI
                ? stream.indexOf("data: ", stream.indexOf("\"The\""))
                : stream.indexOf("event: content_block_delta", stream.indexOf("Hello"));
        rig.flaky(upstream).server().stubFor(post(Wire.chatPath(upstream)).willReturn(Answer.of(upstream, true).response()
                .withBody(stream.substring(0, secondToken) + "data: <html>upstream proxy error</html>\n\n" + stream.substring(secondToken))));

        Reply reply = RawChat.send(rig.gateway(), protocol, model, true);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo(upstream == FakeVendor.Format.OPENAI ? "The" : "Hello");
        assertThat(reply.hasNormalEnd()).isFalse();
        assertThat(reply.lastEvent().name()).isEqualTo("error");
        assertThat(reply.error().path("message").asText()).contains("not JSON");
        UsageRecord record = rig.usage().of(reply.requestId());
        assertThat(record.outcome()).isEqualTo(Outcome.STREAM_CUT);
        assertThat(record.attempts()).extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result)
                .containsExactly(tuple(otherFlaky(protocol) + "/" + model, AttemptResult.SERVED));
        assertThat(inFlight(otherFlaky(protocol) + "/" + model)).isZero();
    }

    // ---- balancing ----

    @Test
    void a_deployment_that_answered_429_is_passed_over_for_the_models_other_deployment_until_it_cools_down() {
        // Least-latency tries unmeasured deployments first: once healthy/pair has been measured, flaky/pair comes first.
        assertThat(RawChat.send(rig.gateway(), Protocol.OPENAI, FailoverRig.HEALTHY + "/pair", false).status()).isEqualTo(200);
        inject(Protocol.OPENAI, Wire.error(FakeVendor.Format.OPENAI, 429, "error-rate-limit.json").withHeader("Retry-After", "30"));

        Reply first = RawChat.send(rig.gateway(), Protocol.OPENAI, "pair", false);
        Reply second = RawChat.send(rig.gateway(), Protocol.OPENAI, "pair", false);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("x-switchboard-attempts")).hasValue("2");
        assertThat(rig.usage().of(first.requestId()).attempts()).extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result)
                .containsExactly(tuple(FailoverRig.FLAKY + "/pair", AttemptResult.RATE_LIMIT), tuple(FailoverRig.HEALTHY + "/pair", AttemptResult.SERVED));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("x-switchboard-attempts")).hasValue("1");
        assertThat(rig.usage().of(second.requestId()).attempts()).extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result)
                .containsExactly(tuple(FailoverRig.HEALTHY + "/pair", AttemptResult.SERVED));
        assertThat(calls(rig.flaky(FakeVendor.Format.OPENAI))).isEqualTo(1);
    }

    // ---- helpers ----

    private static String name(String rule, Protocol protocol, Mode mode) {
        return rule + "-" + protocol.name().toLowerCase(Locale.ROOT) + "-" + mode.name().toLowerCase(Locale.ROOT);
    }

    /** A {@code models:} entry whose one deployment is {@code provider/name}, with further settings, one per line. */
    private static String model(String name, String provider, String... settings) {
        StringBuilder yaml = new StringBuilder("  ").append(name).append(":\n    deployments: [{provider: ").append(provider)
                .append(", model: ").append(name).append("}]\n");
        for (String setting : settings) {
            yaml.append("    ").append(setting).append('\n');
        }
        return yaml.toString();
    }

    private static String flakyProvider(Protocol protocol) {
        return FailoverRig.flakyProvider(protocol.format());
    }

    /** The flaky provider of the format the client does not speak, so its answers are translated. */
    private static String otherFlaky(Protocol protocol) {
        return protocol == Protocol.OPENAI ? FailoverRig.FLAKY_CLAUDE : FailoverRig.FLAKY;
    }

    private static String flaky(Protocol protocol, String model) {
        return flakyProvider(protocol) + "/" + model;
    }

    private static String healthy(Protocol protocol, String model) {
        return FailoverRig.healthyProvider(protocol.format()) + "/" + model;
    }

    /** Makes every call to the flaky vendor of the client's format answer {@code response}. */
    private static void inject(Protocol protocol, ResponseDefinitionBuilder response) {
        rig.flaky(protocol.format()).server().stubFor(post(Wire.chatPath(protocol.format())).willReturn(response));
    }

    private static ResponseDefinitionBuilder serverError(Protocol protocol) {
        return Wire.error(protocol.format(), 500, protocol == Protocol.OPENAI ? "error-server.json" : "error-api.json");
    }

    private static int calls(FakeVendor vendor) {
        return vendor.server().findAll(postRequestedFor(urlEqualTo(Wire.chatPath(vendor.format())))).size();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The requests the deployment's health counts in flight: every attempt's claim on it must have been given back. */
    private static int inFlight(String deployment) {
        JsonNode health = parse(rig.gateway().get("/health/deployments").body());
        for (JsonNode d : health.path("deployments")) {
            if (d.path("deployment").asText().equals(deployment)) {
                assertThat(d.has("in_flight")).as("in_flight in %s", d).isTrue();
                return d.path("in_flight").asInt();
            }
        }
        throw new AssertionError("no health for " + deployment + " in " + health);
    }

    /** Checks the record of a request that failed with {@code status} after exactly these attempts. */
    private static UsageRecord assertFailed(Reply reply, int status, org.assertj.core.groups.Tuple... attempts) {
        UsageRecord record = rig.usage().of(reply.requestId());
        assertThat(record.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(record.httpStatus()).isEqualTo(status);
        assertThat(record.provider()).isNull();
        assertThat(record.usage()).isNull();
        assertThat(record.costUsd()).isNull();
        assertThat(record.attempts()).extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result, UsageRecord.Attempt::status)
                .containsExactly(attempts);
        return record;
    }
}
