package dev.switchboard.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.auth.Caller;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.chat.StopReason;
import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.Scope;
import dev.switchboard.governance.budget.Budget;
import dev.switchboard.relay.ReceiverGone;
import dev.switchboard.reliability.RequestOverrides;
import dev.switchboard.routing.Hints;
import dev.switchboard.testing.GovernanceRig;
import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.usage.AttemptResult;
import dev.switchboard.usage.UsageRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chat call made inside the gateway, as a workflow step or an MCP sampling request makes it:
 * one method call on the {@link ModelPipeline}, with a WireMock provider behind it, under a
 * virtual key with a budget, failing over from a model that is down to its fallback. It must be
 * governed, routed, recorded and delivered exactly as an HTTP request is, its tokens arriving as
 * neutral events.
 */
class InProcessChatTest {
    private static final RequestOverrides FALL_BACK_TO_GPT_4O =
            new RequestOverrides(0, null, null, null, List.of("gpt-4o"), null);

    private GovernanceRig rig;
    private Caller caller;

    @BeforeEach
    void start() {
        rig = GovernanceRig.start(TestDatabase.SQLITE);
        caller = rig.gateway().gateway().caller(rig.newKey().secret());
        rig.governance().budgets().put(Scope.TEAM, rig.team().id(), Budget.Period.DAY, 1_000_000_000L, List.of());
        rig.governance().changed();
        // gpt-4o-mini is down; gpt-4o answers, streamed or whole.
        rig.upstream().server().stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody(OpenAiUpstream.payload("error-overloaded.json"))));
        rig.upstream().server().stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(OpenAiUpstream.payload("chat-completion.json"))));
        // Added last, so WireMock tries it first.
        rig.upstream().server().stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(OpenAiUpstream.payload("chat-stream-text.sse"))));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private ModelPipeline pipeline() {
        return rig.gateway().gateway().pipeline();
    }

    private static ChatRequest ask(String model, boolean stream) {
        return ChatRequest.builder(model).user("What is the capital of France?").maxTokens(50).stream(stream).build();
    }

    private ChatCall call(ChatRequest request, Hints hints, RequestOverrides overrides) {
        return new ChatCall(RequestContext.inProcess(caller, "run-1/step-classify"), "workflow", ChatInput.of(request), hints, overrides);
    }

    @Test
    void a_streamed_call_fails_over_streams_its_tokens_to_the_sink_and_is_recorded_like_an_http_request() {
        List<ChatEvent> events = new ArrayList<>();
        SinkDelivery delivery = new SinkDelivery(events::add);
        ChatCall call = call(ask("gpt-4o-mini", true), Hints.NONE, FALL_BACK_TO_GPT_4O);

        CallOutcome outcome = pipeline().chat(call, delivery);

        assertThat(events).first().isInstanceOf(ChatEvent.Started.class);
        assertThat(events).last().isInstanceOf(ChatEvent.Ended.class);
        assertThat(events.stream().filter(ChatEvent.TextDelta.class::isInstance).map(e -> ((ChatEvent.TextDelta) e).text()))
                .containsExactly("The", " capital", " of", " France", " is", " Paris", ".");
        assertThat(delivery.result().content()).containsExactly(ChatRequest.Text.of("The capital of France is Paris."));
        assertThat(outcome.outcome()).isEqualTo(UsageRecord.Outcome.COMPLETED);
        assertThat(outcome.deployment().upstreamModel()).isEqualTo("gpt-4o");
        assertThat(outcome.attempts()).extracting(UsageRecord.Attempt::result).containsExactly(AttemptResult.SERVER_ERROR, AttemptResult.SERVED);
        assertThat(delivery.headers()).containsEntry("x-switchboard-attempts", "2").containsEntry("x-switchboard-model", "gpt-4o");
        // $1 per million tokens in and out: 2,006 + 7 tokens.
        assertThat(outcome.cost()).isEqualByComparingTo(new BigDecimal("0.002013"));

        UsageRecord record = rig.usage().of(call.request().id());
        assertThat(record.endpoint()).isEqualTo("workflow");
        assertThat(record.attribution().tag()).isEqualTo("run-1/step-classify");
        assertThat(record.attribution().keyId()).isEqualTo(caller.keyId());
        assertThat(record.costUsd()).isEqualByComparingTo(outcome.cost());
        assertThat(record.outcome()).isEqualTo(UsageRecord.Outcome.COMPLETED);
    }

    @Test
    void a_whole_call_reaches_the_sink_as_the_same_events_and_returns_its_answer() {
        List<ChatEvent> events = new ArrayList<>();
        SinkDelivery delivery = new SinkDelivery(events::add);

        CallOutcome outcome = pipeline().chat(call(ask("gpt-4o-mini", false), Hints.NONE, FALL_BACK_TO_GPT_4O), delivery);

        ChatResult answer = delivery.result();
        assertThat(answer.content()).containsExactly(ChatRequest.Text.of("The capital of France is Paris."));
        assertThat(answer.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(answer.usage().outputTokens()).isEqualTo(10);
        assertThat(events).last().isInstanceOf(ChatEvent.Ended.class);
        assertThat(outcome.deployment().upstreamModel()).isEqualTo("gpt-4o");
        assertThat(outcome.attempts()).hasSize(2);
    }

    @Test
    void a_call_its_budget_cannot_cover_is_refused_before_any_upstream_call_and_recorded() {
        rig.governance().budgets().put(Scope.TEAM, rig.team().id(), Budget.Period.DAY, 0, List.of());
        rig.governance().changed();
        ChatCall call = call(ask("gpt-4o", false), Hints.NONE, RequestOverrides.NONE);

        assertThatThrownBy(() -> pipeline().chat(call, new SinkDelivery(ChatSink.NONE)))
                .isInstanceOf(GatewayException.BudgetExceeded.class);

        rig.upstream().server().verify(0, anyRequestedFor(anyUrl()));
        UsageRecord record = rig.usage().of(call.request().id());
        assertThat(record.outcome()).isEqualTo(UsageRecord.Outcome.FAILED);
        assertThat(record.httpStatus()).isEqualTo(402);
    }

    @Test
    void a_sink_that_closes_mid_stream_ends_the_call_like_a_client_that_went_away() {
        ChatSink leavesAtFirstWord = event -> {
            if (event instanceof ChatEvent.TextDelta) {
                throw new ReceiverGone(null);
            }
        };

        CallOutcome outcome = pipeline().chat(call(ask("gpt-4o", true), Hints.NONE, RequestOverrides.NONE),
                new SinkDelivery(leavesAtFirstWord));

        assertThat(outcome.outcome()).isEqualTo(UsageRecord.Outcome.CLIENT_DISCONNECTED);
    }

    @Test
    void an_auto_call_is_routed_with_its_hints_and_says_why() {
        rig.upstream().server().stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(OpenAiUpstream.payload("chat-completion.json"))));
        SinkDelivery delivery = new SinkDelivery(ChatSink.NONE);
        ChatCall call = call(ask("auto", false), new Hints(null, null, null, Set.of(), 0.0), RequestOverrides.NONE);

        CallOutcome outcome = pipeline().chat(call, delivery);

        assertThat(outcome.decision()).isNotNull();
        assertThat(outcome.decision().chosen()).isIn("gpt-4o-mini", "gpt-4o");
        assertThat(outcome.deployment().upstreamModel()).isEqualTo(outcome.decision().chosen());
        assertThat(delivery.headers()).containsKey(Hints.HEADER);
        assertThat(rig.usage().of(call.request().id()).routeReason()).startsWith(outcome.decision().summary());
    }
}
