package dev.switchboard.pipeline;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.CallControl;
import dev.switchboard.deployment.Deployment;
import java.util.Map;

/**
 * What a chat call sends, as the stages need it: the fields they act on, the request in neutral
 * form for any upstream, and — for a client that spoke a wire format of its own — the fast path
 * to a deployment of that same format, which sends the client's bytes with only the model
 * rewritten. An in-process caller's input ({@link #of}) has no format of its own: it is always
 * translated.
 */
public interface ChatInput {

    /** The model asked for: a name, an alias, or {@code auto} / {@code auto:<profile>}. */
    String model();

    boolean stream();

    /** The completion limit per choice; null when the request sets none. */
    Integer maxTokens();

    /** How many completions are asked for. */
    int choices();

    /** The request's size in bytes: the upper bound of its prompt tokens that rate limits and budgets count. */
    long promptBytes();

    /** The request in neutral form; decoded at most once, and only when some stage needs it. */
    ChatRequest neutral();

    /** Client headers of the upstream's protocol to pass on (Anthropic's version and betas); empty for none. */
    Map<String, String> forwardedHeaders();

    /** The wire format the request came in, whose deployments take it verbatim; null when it has none. */
    WireFormat ownFormat();

    /**
     * Calls a deployment that speaks {@link #ownFormat()} with the request's own bytes, and gets
     * its answer ready: {@link ReadyAnswer.Verbatim} or {@link ReadyAnswer.VerbatimStream}.
     *
     * @throws dev.switchboard.error.GatewayException when the upstream fails before answering
     */
    ReadyAnswer passThrough(RequestContext request, Deployment deployment, CallControl control);

    /** The request as stored when the caller's team opted in to request logging. */
    byte[] logged();

    /** An in-process caller's request: translated for every deployment, its size estimated from its JSON. */
    static ChatInput of(ChatRequest request) {
        return new NeutralInput(request);
    }
}
