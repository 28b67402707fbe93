package dev.switchboard.http;

import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.dialect.ClientRequest;
import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.byok.TeamCredentials;
import dev.switchboard.governance.privacy.RequestLog;
import dev.switchboard.reliability.AttemptLog;
import dev.switchboard.reliability.Failover;
import dev.switchboard.reliability.Plan;
import dev.switchboard.reliability.Planner;
import dev.switchboard.reliability.Served;
import dev.switchboard.relay.Relayed;
import dev.switchboard.route.Deployment;
import dev.switchboard.routing.Decision;
import dev.switchboard.routing.Hints;
import dev.switchboard.routing.Router;
import dev.switchboard.relay.Transcript;
import dev.switchboard.usage.UsageRecord.Outcome;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * A chat endpoint ({@code POST /v1/chat/completions}, {@code POST /v1/messages}). The stages run
 * in this order, each able to end the request with a {@link GatewayException} that the error
 * mapper renders in the client's format (the key check ran before, as a filter on {@code /v1/*},
 * and put the {@link dev.switchboard.auth.Caller} into the {@link RequestContext}):
 * <ol>
 *   <li><b>read</b> the body within the size limit (413) and the memory for bodies in flight (503);</li>
 *   <li><b>parse</b> and validate the fields the gateway acts on (400);</li>
 *   <li><b>route</b>, only for {@code auto} and {@code auto:<profile>} ({@link AutoRouting}): choose the model,
 *       name it and the reason in the {@code x-switchboard-route} header (400, 403);</li>
 *   <li><b>plan</b>: route the model name to its deployments and fallbacks, under the policy of
 *       the model, its alias and the request's headers (404, 400);</li>
 *   <li><b>admit</b> the caller ({@link Admission}): model rules (403), rate limits (429), budget
 *       reservation of the request's largest cost (402); what is held is settled with the actual
 *       usage after the relay, or released on any other way out;</li>
 *   <li><b>attempt</b> deployments until one has an answer ready — with the body as sent, model
 *       rewritten, when its provider speaks the client's format; else translated — retrying,
 *       falling back and hedging as the plan says, before any byte reaches the client; with the
 *       caller's team's own provider key where it registered one (BYOK);</li>
 *   <li><b>relay</b> the answer, streamed or whole, with its cost and the deployment and attempt
 *       count in headers;</li>
 *   <li><b>record</b> usage and every attempt, whatever the outcome; and the request and its
 *       answer, redacted, when the caller's team opted in to request logging.</li>
 * </ol>
 *
 * @param <P> the client format's parsed request
 */
public final class ChatEndpoint<P extends ClientRequest> implements Handler {
    private final ClientFormat<P> format;
    private final Planner planner;
    private final Failover failover;
    private final TranslatedCall translated;
    private final UsageRecording usage;
    private final Admission admission;
    private final TeamCredentials credentials;
    private final RequestLog requestLog;
    private final AutoRouting routing;
    private final RequestBodies bodies;

    public ChatEndpoint(ClientFormat<P> format, Planner planner, Admission admission, Failover failover,
                        TranslatedCall translated, UsageRecording usage, TeamCredentials credentials, RequestLog requestLog,
                        AutoRouting routing, RequestBodies bodies) {
        this.format = format;
        this.planner = planner;
        this.admission = admission;
        this.failover = failover;
        this.translated = translated;
        this.usage = usage;
        this.credentials = credentials;
        this.requestLog = requestLog;
        this.routing = routing;
        this.bodies = bodies;
    }

    @Override
    public void handle(Context ctx) {
        RequestContext request = Requests.of(ctx);
        AttemptLog log = new AttemptLog();
        P parsed = null;
        byte[] body = null;
        Decision decision = null;
        try {
            body = bodies.read(ctx);
            parsed = format.parse(body);
            String model = parsed.model();
            if (Router.isAuto(model)) {
                AutoRouting.Routed routed = routing.route(ctx, request, body, model, format.dialect());
                body = routed.body();
                parsed = format.parse(body);
                decision = routed.decision();
                model = decision.chosen();
                ctx.header(Hints.HEADER, decision.summary());
            }
            Plan plan = admission.permitted(request.caller(), AutoRouting.restrict(
                    planner.plan(model, parsed.stream(), ReliabilityHeaders.read(ctx), request.arrivedNanos()), decision));
            try (Admission.Admitted admitted = admission.admit(ctx, request.caller(), body, plan, parsed.maxTokens(), parsed.choices())) {
                Served<ReadyAnswer> served = attempt(ctx, request, body, parsed, plan, log);
                GatewayHeaders.served(ctx, served.deployment(), log.count());
                Relayed relayed;
                Transcript transcript = requestLog.transcript(request.caller());
                try {
                    relayed = served.answer().relay(ctx, transcript);
                } catch (RuntimeException e) {
                    served.finish(Outcome.FAILED);
                    throw e;
                }
                served.finish(relayed.outcome());
                admitted.settle(relayed.usage(), relayed.cost());
                usage.record(request, format.endpoint(), parsed.model(), served.deployment(), parsed.stream(), relayed.outcome(),
                        ctx.res().getStatus(), relayed.usage(), relayed.cost(), log.attempts(), decision);
                requestLog.record(request.id(), request.arrived(), request.caller(), parsed.model(), body, transcript, parsed.stream());
            }
        } catch (RuntimeException e) {
            GatewayHeaders.attempts(ctx, log.count());
            usage.record(request, format.endpoint(), parsed == null ? null : parsed.model(), null,
                    parsed != null && parsed.stream(), Outcome.FAILED, UsageRecording.status(e), null, null, log.attempts(), decision);
            if (body != null) {
                requestLog.record(request.id(), request.arrived(), request.caller(), parsed == null ? null : parsed.model(), body,
                        Transcript.OFF, false);
            }
            throw e;
        }
    }

    private Served<ReadyAnswer> attempt(Context ctx, RequestContext request, byte[] body, P parsed, Plan plan, AttemptLog log) {
        Map<String, String> forward = format.forwardedHeaders(ctx);
        // Decoded into the neutral form only if some attempt goes to a deployment of another format, and then once.
        ChatRequest[] neutral = new ChatRequest[1];
        return failover.run(plan, (planned, control) -> {
            Deployment deployment = credentials.forCaller(request.caller(), planned);
            if (deployment.provider().wireFormat() == format.format()) {
                return format.passThrough(request, parsed, deployment, forward, control);
            }
            if (neutral[0] == null) {
                neutral[0] = format.dialect().decodeRequest(body);
            }
            return translated.prepare(request, neutral[0], deployment, format.dialect(), forward, control);
        }, log);
    }
}
