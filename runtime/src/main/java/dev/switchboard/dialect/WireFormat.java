package dev.switchboard.dialect;

/** The chat protocols the gateway speaks, to clients, to upstreams, or both. */
public enum WireFormat {
    /** OpenAI chat completions: clients and every OpenAI-compatible vendor. */
    OPENAI,
    /** Anthropic messages: clients (coding agents, the Anthropic SDKs) and Anthropic's API. */
    ANTHROPIC,
    /** Google Gemini generateContent: upstream only. */
    GEMINI
}
