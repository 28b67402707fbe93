package dev.switchboard.dialect;

/**
 * A client's chat request in its own wire format, checked by a light parse that reads only the
 * fields the gateway acts on: what every stage needs to know of it, and its body as sent, ready
 * for an upstream that speaks the same format (only the model name rewritten).
 */
public interface ClientRequest {
    /** The model the client asked for: a name, an alias, or {@code auto}. */
    String model();

    boolean stream();

    /** The most completion tokens the request allows per choice ({@code max_tokens}); null when it sets no limit. */
    Integer maxTokens();

    /** How many completions the request asks for (OpenAI's {@code n}); 1 where the format has no such field. */
    default int choices() {
        return 1;
    }

    /** The body to send to an upstream of the same format, naming the deployment's model. */
    byte[] bodyFor(String upstreamModel);
}
