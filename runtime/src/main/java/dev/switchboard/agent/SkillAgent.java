package dev.switchboard.agent;

import dev.switchboard.auth.Caller;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.error.GatewayException;
import dev.switchboard.pipeline.CallOutcome;
import dev.switchboard.pipeline.ChatCall;
import dev.switchboard.pipeline.ChatInput;
import dev.switchboard.pipeline.ChatSink;
import dev.switchboard.pipeline.ModelPipeline;
import dev.switchboard.pipeline.RequestContext;
import dev.switchboard.pipeline.SinkDelivery;
import dev.switchboard.reliability.RequestOverrides;
import dev.switchboard.routing.Hints;
import dev.switchboard.skills.Skill;
import dev.switchboard.skills.agent.ScriptRunner;
import dev.switchboard.skills.agent.SkillToolbox;
import dev.switchboard.skills.agent.ToolReply;
import dev.switchboard.skills.agent.ToolSpec;
import dev.switchboard.skills.registry.SkillRegistry;
import dev.switchboard.usage.TokenUsage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A conversation with skills, run by the gateway: progressive disclosure and the tool loop of
 * the skills' built-in tools, each turn one call through the {@link ModelPipeline}.
 *
 * <p>The request goes out with the skills' catalog added to its system prompt and the built-in
 * tools ({@code activate_skill}, {@code read_skill_file}, and {@code run_skill_script} when
 * scripts are allowed) added to its tools. While the model's answer calls only built-in tools,
 * the gateway runs them, appends the answer and the tools' results to the conversation, and asks
 * again; the first answer that calls none (or calls one of the client's own tools) is the
 * answer. The last allowed turn forbids tool calls, so the loop always ends with an answer.
 *
 * <p>Every turn is a full pipeline call: routed, admitted against the caller's budgets and rate
 * limits, failed over, and recorded in the ledger as a row of its own, the first under the
 * request's id and the later ones tagged with it. The workflow engine's {@code call: agent} is
 * meant to run its skill steps through this class as well.
 *
 * <p>Thread-safe: each {@link #answer} call keeps its state on its own stack.
 */
public final class SkillAgent {
    /**
     * @param maxTurns the most model calls one request may make; the last forbids tool calls
     * @param scripts  the runner for {@code run_skill_script}; empty when scripts are not allowed
     */
    public record Settings(int maxTurns, Optional<ScriptRunner> scripts) {
        public Settings {
            if (maxTurns < 2) {
                throw new IllegalArgumentException("skills.max_turns must be at least 2 (one to load a skill, one to answer), was " + maxTurns);
            }
        }
    }

    /** Which skills a request asked for: every skill its caller sees, or the named ones. */
    public record Selection(boolean all, List<String> names) {
        public static final Selection ALL = new Selection(true, List.of());

        public Selection {
            names = List.copyOf(names);
        }
    }

    /**
     * The conversation's answer.
     *
     * @param result    the last turn's answer, with the usage of every turn added up
     * @param cost      the cost of every turn; null when some turn's cost was unknown
     * @param turns     how many model calls it took
     * @param activated the skills the model loaded, in order
     * @param headers   the last turn's headers (deployment, attempts, route, rate limits)
     */
    public record Answer(ChatResult result, BigDecimal cost, int turns, List<String> activated, Map<String, String> headers) {
    }

    private final ModelPipeline pipeline;
    private final SkillRegistry registry;
    private final Settings settings;

    public SkillAgent(ModelPipeline pipeline, SkillRegistry registry, Settings settings) {
        this.pipeline = pipeline;
        this.registry = registry;
        this.settings = settings;
    }

    /**
     * The skills a caller gets for a selection, checked before any model call.
     *
     * @throws GatewayException.InvalidRequest naming a skill the caller does not see
     */
    public List<Skill> skillsFor(Caller caller, Selection selection) {
        List<Skill> visible = registry.visibleTo(caller.teamId());
        if (selection.all()) {
            return visible;
        }
        List<Skill> picked = new ArrayList<>();
        for (String name : selection.names()) {
            Skill skill = visible.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                    new GatewayException.InvalidRequest("There is no skill named '" + dev.switchboard.error.ClientText.quoted(name)
                            + "' for this API key; available: " + visible.stream().map(Skill::name).toList() + ".", "switchboard.skills"));
            if (!picked.contains(skill)) {
                picked.add(skill);
            }
        }
        return picked;
    }

    /**
     * Runs the conversation to its answer.
     *
     * @param request  the first turn's context (its id, caller and tag); later turns get fresh ids, tagged with it
     * @param endpoint the endpoint name every turn is recorded under
     * @throws GatewayException.InvalidRequest when a client tool is named like a built-in one
     * @throws GatewayException whatever a turn's call throws (budget, rate limit, upstream failure)
     */
    public Answer answer(RequestContext request, String endpoint, ChatRequest conversation, List<Skill> skills, Hints hints,
                         RequestOverrides overrides) {
        SkillToolbox toolbox = new SkillToolbox(skills, settings.scripts());
        List<ChatRequest.Tool> tools = new ArrayList<>(conversation.tools());
        for (ToolSpec spec : toolbox.tools()) {
            if (tools.stream().anyMatch(t -> t.name().equals(spec.name()))) {
                throw new GatewayException.InvalidRequest("The tool name '" + spec.name() + "' is reserved for the gateway's skills; "
                        + "rename your tool.", "tools");
            }
            tools.add(new ChatRequest.Tool(spec.name(), spec.description(), spec.parameters(), null));
        }
        List<ChatRequest.Text> system = new ArrayList<>(conversation.system());
        toolbox.catalogPrompt().ifPresent(catalog -> system.add(ChatRequest.Text.of(catalog)));
        List<ChatRequest.Message> messages = new ArrayList<>(conversation.messages());
        List<String> activated = new ArrayList<>();
        TokenUsage usage = TokenUsage.NONE;
        BigDecimal cost = BigDecimal.ZERO;
        String tag = request.tag() != null ? request.tag() : request.id();
        for (int turn = 1; ; turn++) {
            boolean last = turn == settings.maxTurns() || toolbox.isEmpty();
            ChatRequest.ToolChoice choice = last && !toolbox.isEmpty() ? new ChatRequest.ToolChoice.None() : conversation.toolChoice();
            ChatRequest asked = new ChatRequest(conversation.model(), system, messages, tools, choice, conversation.parallelToolCalls(),
                    conversation.maxTokens(), conversation.temperature(), conversation.topP(), conversation.topK(), conversation.stop(),
                    conversation.responseFormat(), conversation.reasoning(), false, conversation.user(), conversation.seed(), false);
            RequestContext context = turn == 1 ? request : RequestContext.inProcess(request.caller(), tag);
            SinkDelivery delivery = new SinkDelivery(ChatSink.NONE);
            CallOutcome outcome = pipeline.chat(new ChatCall(context, endpoint, ChatInput.of(asked), hints, overrides), delivery);
            ChatResult result = delivery.result();
            usage = add(usage, outcome.usage());
            cost = cost == null || outcome.cost() == null ? null : cost.add(outcome.cost());
            List<ChatRequest.ToolCall> calls = result.content().stream()
                    .filter(ChatRequest.ToolCall.class::isInstance).map(ChatRequest.ToolCall.class::cast).toList();
            boolean onlyBuiltIn = !calls.isEmpty() && calls.stream().allMatch(call -> toolbox.handles(call.name()));
            if (!onlyBuiltIn || last) {
                // The answer: the client's own tool calls go back to the client; built-in ones beside them were not run.
                List<ChatRequest.Part> content = result.content().stream()
                        .filter(part -> !(part instanceof ChatRequest.ToolCall call && toolbox.handles(call.name()))).toList();
                ChatResult answer = new ChatResult(result.id(), result.model(), content, result.stopReason(), result.stopSequence(), usage,
                        result.created());
                return new Answer(answer, cost, turn, List.copyOf(activated), outcome.headers());
            }
            messages.add(new ChatRequest.Message(ChatRequest.Role.ASSISTANT, result.content()));
            List<ChatRequest.Part> results = new ArrayList<>();
            for (ChatRequest.ToolCall call : calls) {
                ToolReply reply = toolbox.call(call.name(), call.arguments());
                if (call.name().equals(SkillToolbox.ACTIVATE) && !reply.error() && call.arguments() != null) {
                    String name = call.arguments().path("name").asText();
                    if (!activated.contains(name)) {
                        activated.add(name);
                    }
                }
                results.add(new ChatRequest.ToolResult(call.id(), call.name(), List.of(ChatRequest.Text.of(reply.text())), reply.error()));
            }
            messages.add(new ChatRequest.Message(ChatRequest.Role.USER, results));
        }
    }

    private static TokenUsage add(TokenUsage a, TokenUsage b) {
        if (b == null) {
            return a;
        }
        return new TokenUsage(a.inputTokens() + b.inputTokens(), a.cacheReadTokens() + b.cacheReadTokens(),
                a.cacheWriteTokens() + b.cacheWriteTokens(), a.outputTokens() + b.outputTokens(), a.reasoningTokens() + b.reasoningTokens());
    }

    /** Headers naming what the skills did: the turns taken and the skills loaded. */
    public static Map<String, String> headers(Answer answer) {
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put("x-switchboard-skills-turns", Integer.toString(answer.turns()));
        headers.put("x-switchboard-skills-activated", String.join(", ", answer.activated()));
        return headers;
    }
}
