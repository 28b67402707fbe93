package dev.switchboard.http;

import dev.switchboard.dialect.ClientRequest;
import dev.switchboard.pipeline.ChatCall;
import dev.switchboard.pipeline.ChatInput;
import dev.switchboard.pipeline.ModelPipeline;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.routing.Hints;
import dev.switchboard.routing.Router;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * A chat endpoint ({@code POST /v1/chat/completions}, {@code POST /v1/messages}): the HTTP adapter
 * of the {@link ModelPipeline}. It reads the body within the size limits (413, 503), parses the
 * fields the stages act on (400), takes a routed request's hints and the call's reliability
 * headers, and hands the call to the pipeline with a delivery in the client's format; the
 * pipeline routes, plans, admits, attempts, delivers, settles and records (the key check ran
 * before, as a filter on {@code /v1/*}). Every failure is rendered in the client's format by the
 * error mapper, and recorded: by the pipeline, or here for a request that never became a call.
 *
 * @param <P> the client format's parsed request
 */
public final class ChatEndpoint<P extends ClientRequest> implements Handler {
    private final ClientFormat<P> format;
    private final ModelPipeline pipeline;
    private final RequestBodies bodies;
    private final SkillChat skills;

    /** @param skills runs requests that ask for skills; null when the gateway has none */
    public ChatEndpoint(ClientFormat<P> format, ModelPipeline pipeline, RequestBodies bodies, dev.switchboard.agent.SkillAgent skills) {
        this.format = format;
        this.pipeline = pipeline;
        this.bodies = bodies;
        this.skills = skills == null ? null : new SkillChat(skills);
    }

    @Override
    public void handle(Context ctx) {
        RequestContext request = Requests.of(ctx);
        byte[] body = null;
        P parsed = null;
        ChatCall call;
        java.util.List<dev.switchboard.skills.Skill> asked = null;
        dev.switchboard.chat.ChatRequest conversation = null;
        try {
            body = bodies.read(ctx);
            parsed = format.parse(body);
            SkillsHint.Asked skillHint = skills == null ? null : SkillsHint.read(ctx, body);
            if (skillHint != null) {
                body = skillHint.body();
                parsed = format.parse(body);
                asked = skillHint.selection() == null ? null : skills.skills(request, skillHint.selection());
            }
            Hints hints = Hints.NONE;
            if (Router.isAuto(parsed.model())) {
                AutoRouting.Prepared routed = AutoRouting.prepare(ctx, body);
                body = routed.body();
                parsed = format.parse(body);
                hints = routed.hints();
            }
            ChatInput input = new ClientChatInput<>(format, parsed, body, format.forwardedHeaders(ctx));
            call = new ChatCall(request, format.endpoint(), input, hints, ReliabilityHeaders.read(ctx));
            conversation = asked == null ? null : input.neutral();
        } catch (RuntimeException e) {
            pipeline.refused(request, format.endpoint(), parsed == null ? null : parsed.model(), parsed != null && parsed.stream(), body, e);
            throw e;
        }
        if (asked != null) {
            // The gateway runs the skills' tool loop; every turn is a call through the pipeline.
            skills.answer(ctx, request, format.endpoint(), format.dialect(), conversation, asked, call.hints(), call.overrides());
            return;
        }
        pipeline.chat(call, new HttpDelivery(ctx, format.dialect(), call.input()::neutral));
    }
}
