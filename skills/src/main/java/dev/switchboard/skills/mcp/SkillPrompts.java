package dev.switchboard.skills.mcp;

import dev.switchboard.skills.Skill;
import dev.switchboard.skills.SkillAccessException;
import dev.switchboard.skills.SkillFolder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Skills as MCP prompts, in plain records the MCP hub maps onto its SDK's types: each skill is a
 * prompt of its own name and description ({@code prompts/list}); getting it ({@code prompts/get})
 * gives one user message holding the skill's instructions, followed by the task when the client
 * passes one.
 */
public final class SkillPrompts {
    /** The prompt's one, optional argument. */
    public static final String TASK = "task";

    /** An entry of {@code prompts/list}. */
    public record Prompt(String name, String title, String description, List<Argument> arguments) {
        public Prompt {
            arguments = List.copyOf(arguments);
        }
    }

    /** A prompt argument as MCP lists it. */
    public record Argument(String name, String description, boolean required) {
    }

    /** A message of {@code prompts/get}: {@code role} is {@code user} or {@code assistant}; the content is text. */
    public record Message(String role, String text) {
    }

    /** The result of {@code prompts/get}. */
    public record Got(String description, List<Message> messages) {
        public Got {
            messages = List.copyOf(messages);
        }
    }

    private SkillPrompts() {
    }

    /** {@code prompts/list} of the skills a client sees. */
    public static List<Prompt> list(List<Skill> visible) {
        return visible.stream().map(skill -> new Prompt(skill.name(), title(skill.name()), skill.description(),
                List.of(new Argument(TASK, "What to do with the skill; appended after its instructions.", false)))).toList();
    }

    /**
     * {@code prompts/get} of the skill {@code name}.
     *
     * @param arguments the client's arguments; {@value #TASK} is the only one read
     * @throws SkillAccessException when the client sees no skill of that name (the hub answers with
     *                              JSON-RPC's invalid-params error, -32602)
     */
    public static Got get(List<Skill> visible, String name, Map<String, String> arguments) {
        Skill skill = visible.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new SkillAccessException("There is no skill named '" + name + "'."));
        StringBuilder text = new StringBuilder("<skill_content name=\"").append(skill.name()).append("\">\n")
                .append(SkillFolder.body(skill)).append("\n\nThe skill's files are resources under ")
                .append(SkillResources.uri(skill.name(), "")).append("\n</skill_content>");
        String task = arguments == null ? null : arguments.get(TASK);
        if (task != null && !task.isBlank()) {
            text.append("\n\n").append(task);
        }
        return new Got(skill.description(), List.of(new Message("user", text.toString())));
    }

    /** {@code cited-answer} → {@code Cited answer}. */
    static String title(String name) {
        Objects.requireNonNull(name);
        String spaced = name.replace('-', ' ');
        return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
