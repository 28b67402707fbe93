package dev.switchboard.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a prompt asks a model to do, as the router recognises it. The wire name (used in hints,
 * headers, usage records and the quality predictor's data) is the lower-case constant with
 * underscores.
 */
public enum Task {
    CHAT(400),
    CODE(800),
    MATHS(600),
    REASONING(700),
    SUMMARISATION(300),
    EXTRACTION(250),
    TRANSLATION(500),
    CREATIVE_WRITING(900),
    TOOL_USE(300),
    LONG_CONTEXT(500);

    // The completion length the cost prediction assumes when the request sets no max_tokens: typical
    // answer lengths for the task, rounded; a price comparison needs the order of magnitude, not the count.
    private final int expectedOutputTokens;

    Task(int expectedOutputTokens) {
        this.expectedOutputTokens = expectedOutputTokens;
    }

    public int expectedOutputTokens() {
        return expectedOutputTokens;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The task of a wire name, ignoring case; {@code coding}, {@code math} and {@code agentic} are accepted as synonyms. */
    public static Optional<Task> fromWire(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "coding" -> Optional.of(CODE);
            case "math" -> Optional.of(MATHS);
            case "agentic", "tools" -> Optional.of(TOOL_USE);
            case "summarization" -> Optional.of(SUMMARISATION);
            case "creative" -> Optional.of(CREATIVE_WRITING);
            default -> Arrays.stream(values()).filter(t -> t.wireName().equals(n)).findFirst();
        };
    }
}
