package dev.switchboard.http;

import dev.switchboard.agent.SkillAgent;
import dev.switchboard.chat.ChatAssembler;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.dialect.ClientDialect;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.relay.ClientStream;
import dev.switchboard.relay.ReceiverGone;
import dev.switchboard.relay.Transcript;
import dev.switchboard.relay.TranslatingRelay;
import dev.switchboard.reliability.RequestOverrides;
import dev.switchboard.routing.Hints;
import dev.switchboard.skills.Skill;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The HTTP side of a chat request that asked for skills ({@link SkillsHint}): the gateway runs the
 * skills' tool loop ({@link SkillAgent}) and sends the client the final answer in its own format,
 * whole, or — for a streaming request — as a stream once the loop has ended (the inner turns are
 * not streamed: which turn is the answer is known only when it ends). The answer carries the
 * usage and cost of every turn, and headers naming the turns taken and the skills loaded.
 */
final class SkillChat {
    private final SkillAgent agent;

    SkillChat(SkillAgent agent) {
        this.agent = agent;
    }

    /** The skills the request gets, checked before any call (400 naming an unknown skill). */
    List<Skill> skills(RequestContext request, SkillAgent.Selection selection) {
        return agent.skillsFor(request.caller(), selection);
    }

    void answer(Context ctx, RequestContext request, String endpoint, ClientDialect dialect, ChatRequest conversation, List<Skill> skills,
                Hints hints, RequestOverrides overrides) {
        SkillAgent.Answer answer = agent.answer(request, endpoint, conversation, skills, hints, overrides);
        SkillAgent.headers(answer).forEach(ctx::header);
        GatewayHeaders.cost(ctx, answer.cost());
        HttpServletResponse response = ctx.res();
        if (!conversation.stream()) {
            byte[] body = dialect.encodeResponse(answer.result(), answer.cost());
            response.setStatus(200);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            } catch (IOException e) {
                // The client left; every turn was recorded by the pipeline already.
            }
            return;
        }
        try {
            ClientStream stream = ServletClientStream.open(response, Transcript.OFF);
            TranslatingRelay relay = new TranslatingRelay(dialect, conversation, stream);
            for (ChatEvent event : ChatAssembler.events(answer.result())) {
                relay.event(event, event instanceof ChatEvent.Usage ? answer.cost() : null);
            }
        } catch (ReceiverGone gone) {
            // As above: the client left after the answer was made and recorded.
        }
    }
}
