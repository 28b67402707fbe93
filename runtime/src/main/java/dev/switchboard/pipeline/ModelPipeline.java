package dev.switchboard.pipeline;

import dev.switchboard.auth.Caller;
import dev.switchboard.governance.byok.TeamCredentials;
import dev.switchboard.governance.privacy.RequestLog;
import dev.switchboard.relay.Relayed;
import dev.switchboard.relay.Transcript;
import dev.switchboard.reliability.Attempt;
import dev.switchboard.reliability.AttemptLog;
import dev.switchboard.reliability.Failover;
import dev.switchboard.reliability.Plan;
import dev.switchboard.reliability.Planner;
import dev.switchboard.reliability.RequestOverrides;
import dev.switchboard.reliability.Served;
import dev.switchboard.routing.Decision;
import dev.switchboard.routing.Hints;
import dev.switchboard.routing.Router;
import dev.switchboard.usage.UsageRecord.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every model call the gateway makes, whatever it came through (an HTTP endpoint of either client
 * format, a workflow step, an MCP sampling request), runs these stages in this order; each can end
 * the call with a {@link dev.switchboard.error.GatewayException}:
 * <ol>
 *   <li><b>route</b>, only for a chat call naming {@code auto} or {@code auto:<profile>} ({@link AutoRoute}):
 *       choose the model from the request and its hints, shown in {@code x-switchboard-route} (400, 403);</li>
 *   <li><b>plan</b>: the model's deployments and fallbacks under the policy of the model, its alias and the
 *       call's overrides (404, 400), without the models the caller may not call (403) and, for a
 *       sensitive prompt, the providers that may not see it;</li>
 *   <li><b>admit</b> the caller ({@link Admission}): rate limits (429) and a reservation of the call's largest
 *       cost against its budgets (402); what is held is settled with the actual usage, or released on any
 *       other way out;</li>
 *   <li><b>attempt</b> deployments until one has an answer ready ({@link Failover}: retries, fallbacks,
 *       hedging, before anything reaches the receiver) — for chat, the client's own bytes when the
 *       deployment speaks its format, else translated; with the caller's team's own provider key where it
 *       registered one (BYOK);</li>
 *   <li><b>deliver</b> the answer through the caller's {@link Delivery}, whole or event by event;</li>
 *   <li><b>settle</b> the admission with the answer's usage and cost;</li>
 *   <li><b>record</b> usage and every attempt, whatever the outcome, failures included; and the request
 *       and its answer, redacted, when the caller's team opted in to request logging.</li>
 * </ol>
 * Thread-safe: one pipeline serves every call; a call's state lives on its own thread.
 */
public final class ModelPipeline {

    /** The parts the stages are made of, one of each per gateway. */
    public record Stages(AutoRoute routing, Planner planner, Admission admission, Failover failover, TranslatedCall translated,
                         TeamCredentials credentials, UsageRecording usage, RequestLog requestLog) {
    }

    private final Stages stages;

    public ModelPipeline(Stages stages) {
        this.stages = stages;
    }

    /**
     * Runs a chat call and delivers its answer.
     *
     * @throws dev.switchboard.error.GatewayException when any stage refuses or every attempt fails; the call is recorded first
     */
    public CallOutcome chat(ChatCall call, Delivery delivery) {
        ChatInput input = call.input();
        return run(new Work(call.request(), call.endpoint(), input.model(), input.stream(), call.overrides(), false,
                caller -> Router.isAuto(input.model()) ? stages.routing().decide(input.neutral(), input.model(), call.hints(), caller) : null,
                (caller, plan) -> stages.admission().admit(caller, input.promptBytes(), plan, input.maxTokens(), input.choices()),
                chatAttempt(call.request(), input), input::logged), delivery);
    }

    /**
     * Runs a call other than chat with the attempt it brings.
     *
     * @throws dev.switchboard.error.GatewayException as {@link #chat} does
     */
    public CallOutcome call(ModelCall call, Delivery delivery) {
        boolean free = call.price() == ModelCall.Price.FREE;
        return run(new Work(call.request(), call.endpoint(), call.model(), false, call.overrides(), free, caller -> null,
                (caller, plan) -> free ? stages.admission().admitFree(caller) : stages.admission().admit(caller, call.promptBytes(), plan, 0, 1),
                call.attempt(), null), delivery);
    }

    /** The chat attempt: the client's bytes to a deployment of its own format, the neutral request translated to any other. */
    private Attempt<ReadyAnswer> chatAttempt(RequestContext request, ChatInput input) {
        return (deployment, control) -> deployment.provider().wireFormat() == input.ownFormat()
                ? input.passThrough(request, deployment, control)
                : stages.translated().prepare(request, input.neutral(), deployment, input.forwardedHeaders(), control);
    }

    /** One call's stage-specific parts; the stages themselves are {@link #run}. */
    private record Work(RequestContext request, String endpoint, String model, boolean stream, RequestOverrides overrides,
                        boolean unmeasured, Function<Caller, Decision> route, Admit admit, Attempt<ReadyAnswer> attempt,
                        Supplier<byte[]> logged) {
    }

    @FunctionalInterface
    private interface Admit {
        Admission.Admitted admit(Caller caller, Plan plan);
    }

    private CallOutcome run(Work work, Delivery delivery) {
        RequestContext request = work.request();
        Caller caller = request.caller();
        AttemptLog log = new AttemptLog();
        Map<String, String> shown = new LinkedHashMap<>();
        Decision decision = null;
        try {
            decision = work.route().apply(caller);
            String model = work.model();
            if (decision != null) {
                model = decision.chosen();
                show(delivery, shown, Map.of(Hints.HEADER, decision.summary()));
            }
            Plan plan = AutoRoute.restrict(stages.admission().permitted(caller,
                    stages.planner().plan(model, work.stream(), work.overrides(), request.arrivedNanos())), decision);
            try (Admission.Admitted admitted = work.admit().admit(caller, plan)) {
                show(delivery, shown, admitted.headers());
                Served<ReadyAnswer> served = stages.failover().run(plan, withTeamKeys(caller, work.attempt()), log);
                show(delivery, shown, AnswerHeaders.served(served.deployment(), log.count()));
                Transcript transcript = work.logged() == null ? Transcript.OFF : stages.requestLog().transcript(caller);
                Relayed relayed = deliver(served, delivery, transcript, work.unmeasured());
                admitted.settle(relayed.usage(), relayed.cost());
                stages.usage().record(request, work.endpoint(), work.model(), served.deployment(), work.stream(), relayed.outcome(),
                        status(served.answer()), relayed.usage(), relayed.cost(), log.attempts(), decision);
                logRequest(work, transcript);
                return new CallOutcome(served.deployment(), log.attempts(), relayed.outcome(), relayed.usage(), relayed.cost(),
                        decision, Map.copyOf(shown));
            }
        } catch (RuntimeException e) {
            show(delivery, shown, AnswerHeaders.attempts(log.count()));
            failed(request, work.endpoint(), work.model(), work.stream(), work.logged(), e, log, decision);
            throw e;
        }
    }

    /**
     * Records a call that failed before it could be made — its request unreadable or invalid — as
     * the stages record their own failures, so the ledger has a row for every request whatever ended it.
     *
     * @param model  the model asked for; null when the request could not be read that far
     * @param logged the request for request logging; null when none was read
     */
    public void refused(RequestContext request, String endpoint, String model, boolean stream, byte[] logged, RuntimeException error) {
        failed(request, endpoint, model, stream, logged == null ? null : () -> logged, error, new AttemptLog(), null);
    }

    private void failed(RequestContext request, String endpoint, String model, boolean stream, Supplier<byte[]> logged,
                        RuntimeException error, AttemptLog log, Decision decision) {
        stages.usage().record(request, endpoint, model, null, stream, Outcome.FAILED, UsageRecording.status(error), null, null,
                log.attempts(), decision);
        if (logged != null) {
            stages.requestLog().record(request.id(), request.arrived(), request.caller(), model, logged, Transcript.OFF, false);
        }
    }

    /** Every attempt sends the caller's team's own provider key where the team registered one (BYOK). */
    private Attempt<ReadyAnswer> withTeamKeys(Caller caller, Attempt<ReadyAnswer> attempt) {
        return (planned, control) -> attempt.run(stages.credentials().forCaller(caller, planned), control);
    }

    /** Delivers the answer; how that ended is the last word on the deployment's health for this call. */
    private static Relayed deliver(Served<ReadyAnswer> served, Delivery delivery, Transcript transcript, boolean unmeasured) {
        Relayed relayed;
        try {
            relayed = delivery.deliver(served.answer(), transcript);
        } catch (RuntimeException e) {
            served.finish(Outcome.FAILED);
            throw e;
        }
        if (unmeasured) {
            served.finishUnmeasured(relayed.outcome());
        } else {
            served.finish(relayed.outcome());
        }
        return relayed;
    }

    // The upstream's own 2xx for a verbatim answer; a neutral one is the gateway's 200.
    private static int status(ReadyAnswer answer) {
        return answer instanceof ReadyAnswer.Verbatim verbatim ? verbatim.status() : 200;
    }

    private void logRequest(Work work, Transcript transcript) {
        if (work.logged() != null) {
            RequestContext request = work.request();
            stages.requestLog().record(request.id(), request.arrived(), request.caller(), work.model(), work.logged(), transcript,
                    transcript.holdsEvents());
        }
    }

    private static void show(Delivery delivery, Map<String, String> shown, Map<String, String> headers) {
        if (!headers.isEmpty()) {
            shown.putAll(headers);
            delivery.show(headers);
        }
    }
}
