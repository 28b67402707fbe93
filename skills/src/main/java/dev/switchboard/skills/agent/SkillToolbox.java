package dev.switchboard.skills.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.skills.Skill;
import dev.switchboard.skills.SkillAccessException;
import dev.switchboard.skills.SkillFolder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent-facing side of skills, for one conversation: progressive disclosure as the client
 * guide lays it out.
 * <ol>
 *   <li>{@link #catalogPrompt} — the system-prompt section listing each skill's name and
 *       description, and nothing more;</li>
 *   <li>{@value #ACTIVATE} — a built-in tool returning a skill's instructions (the body of its
 *       {@code SKILL.md}) with the list of its files, not their content;</li>
 *   <li>{@value #READ} — a built-in tool returning one file of the skill: those under its
 *       {@code references/} and {@code assets/}, and the files that skills written for other tools
 *       keep beside their {@code SKILL.md} ({@code reference.md}, {@code forms.md});</li>
 *   <li>{@value #RUN} — offered only when scripts are allowed: runs one of its {@code scripts/}
 *       with {@link ScriptRunner}.</li>
 * </ol>
 * The skill parameters are enums of the available names, so a model cannot ask for one that does
 * not exist; a call naming one anyway gets an error it can correct. A skill activated twice is
 * not sent twice.
 *
 * <p>Not thread-safe: one toolbox serves one conversation's tool loop.
 */
public final class SkillToolbox {
    public static final String ACTIVATE = "activate_skill";
    public static final String READ = "read_skill_file";
    public static final String RUN = "run_skill_script";
    /** The largest file {@value #READ} returns: a reference worth reading whole, not a data dump. */
    public static final long MAX_FILE_BYTES = 256 * 1024;
    // The client guide: list bundled files, but cap the listing of a large skill.
    private static final int MAX_LISTED_FILES = 100;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, Skill> skills = new LinkedHashMap<>();
    private final Optional<ScriptRunner> scripts;
    private final Set<String> activated = new HashSet<>();

    /**
     * @param skills  the skills this conversation may use, in the order to list them
     * @param scripts the runner for {@value #RUN}; empty when scripts are not allowed
     */
    public SkillToolbox(List<Skill> skills, Optional<ScriptRunner> scripts) {
        skills.forEach(skill -> this.skills.put(skill.name(), skill));
        this.scripts = scripts;
    }

    public boolean isEmpty() {
        return skills.isEmpty();
    }

    /** The skills' names, in listing order. */
    public List<String> names() {
        return List.copyOf(skills.keySet());
    }

    /**
     * The system-prompt section that discloses the skills: the guide's instructions for a dedicated
     * activation tool, then each skill's name and description. Empty when there are no skills: no
     * empty catalog is ever shown.
     */
    public Optional<String> catalogPrompt() {
        if (skills.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder prompt = new StringBuilder("""
                The following skills provide specialized instructions for specific tasks.
                When a task matches a skill's description, call the %s tool with the skill's name to load its full instructions, \
                then follow them. A skill's instructions may name files of the skill (references/, assets/): load one with the %s tool \
                when the instructions call for it."""
                .formatted(ACTIVATE, READ));
        if (scripts.isPresent()) {
            prompt.append(" Run a skill's scripts/ with the ").append(RUN).append(" tool when its instructions say to.");
        }
        prompt.append("\n\n<available_skills>\n");
        for (Skill skill : skills.values()) {
            prompt.append("  <skill>\n    <name>").append(escape(skill.name())).append("</name>\n    <description>")
                    .append(escape(skill.description())).append("</description>\n  </skill>\n");
        }
        return Optional.of(prompt.append("</available_skills>").toString());
    }

    /** The built-in tools to offer the model; empty when there are no skills. */
    public List<ToolSpec> tools() {
        if (skills.isEmpty()) {
            return List.of();
        }
        List<ToolSpec> tools = new ArrayList<>();
        tools.add(new ToolSpec(ACTIVATE, "Load a skill's full instructions. Call it when a task matches a skill listed in "
                + "<available_skills>, before doing the task.", object(Map.of("name", skillParameter("The skill to load.")), "name")));
        tools.add(new ToolSpec(READ, "Read a file of an activated skill (e.g. references/REFERENCE.md, assets/template.json) "
                + "as its instructions direct.", object(Map.of(
                "skill", skillParameter("The skill the file belongs to."),
                "path", string("The file's path inside the skill, e.g. references/REFERENCE.md.")), "skill", "path")));
        if (scripts.isPresent()) {
            ObjectNode args = JSON.objectNode().put("type", "array").put("description", "Command-line arguments.");
            args.putObject("items").put("type", "string");
            tools.add(new ToolSpec(RUN, "Run a script of an activated skill, under its scripts/ folder, as its instructions direct. "
                    + "Returns the exit code, standard output and standard error.", object(Map.of(
                    "skill", skillParameter("The skill the script belongs to."),
                    "path", string("The script's path inside the skill, e.g. scripts/extract.py."),
                    "args", args,
                    "stdin", string("Text for the script's standard input (optional).")), "skill", "path")));
        }
        return List.copyOf(tools);
    }

    /** Whether {@code tool} is one of the built-in tools this toolbox offers. */
    public boolean handles(String tool) {
        return !skills.isEmpty() && (ACTIVATE.equals(tool) || READ.equals(tool) || RUN.equals(tool) && scripts.isPresent());
    }

    /** Runs a built-in tool call; failures come back as error replies for the model, never as exceptions. */
    public ToolReply call(String tool, JsonNode arguments) {
        JsonNode args = arguments == null ? JSON.objectNode() : arguments;
        try {
            return switch (tool) {
                case ACTIVATE -> activate(skill(args.path("name")));
                case READ -> read(skill(args.path("skill")), text(args, "path"));
                case RUN -> run(skill(args.path("skill")), text(args, "path"), args.path("args"), args.path("stdin"));
                default -> ToolReply.failed("There is no built-in tool named '" + tool + "'.");
            };
        } catch (SkillAccessException e) {
            return ToolReply.failed(e.getMessage());
        }
    }

    private ToolReply activate(Skill skill) {
        if (!activated.add(skill.name())) {
            return ToolReply.ok("The skill '" + skill.name() + "' is already loaded above in this conversation; follow those instructions.");
        }
        StringBuilder out = new StringBuilder("<skill_content name=\"").append(escape(skill.name())).append("\">\n")
                .append(SkillFolder.body(skill)).append("\n\nRelative paths in this skill are relative to the skill's folder; read "
                        + "its files with ").append(READ).append(".\n");
        List<SkillFolder.Entry> files = SkillFolder.files(skill, MAX_LISTED_FILES + 1);
        if (!files.isEmpty()) {
            out.append("\n<skill_resources>\n");
            files.stream().limit(MAX_LISTED_FILES).forEach(f -> out.append("  <file>").append(escape(f.path())).append("</file>\n"));
            if (files.size() > MAX_LISTED_FILES) {
                out.append("  <!-- more files not listed -->\n");
            }
            out.append("</skill_resources>\n");
        }
        return ToolReply.ok(out.append("</skill_content>").toString());
    }

    private ToolReply read(Skill skill, String path) {
        SkillFolder.FileContent file = SkillFolder.read(skill, path, Set.of(), MAX_FILE_BYTES);
        if (file.text() == null) {
            return ToolReply.ok(skill.name() + "/" + file.path() + " is a binary file (" + file.mediaType() + ", " + file.bytes().length
                    + " bytes); its content cannot be shown as text.");
        }
        return ToolReply.ok(file.text());
    }

    private ToolReply run(Skill skill, String path, JsonNode args, JsonNode stdin) {
        if (scripts.isEmpty()) {
            return ToolReply.failed("Scripts are not allowed on this gateway.");
        }
        List<String> arguments = new ArrayList<>();
        if (args.isArray()) {
            args.forEach(arg -> arguments.add(arg.isTextual() ? arg.textValue() : arg.toString()));
        }
        ScriptRunner.Result result = scripts.get().run(skill, path, arguments, stdin.isTextual() ? stdin.textValue() : null);
        String status = result.timedOut() ? "killed: it ran past the time limit"
                : result.truncated() ? "killed: it wrote more output than the limit" : "exit code " + result.exitCode();
        String text = status + "\n<stdout>\n" + result.stdout() + "\n</stdout>\n<stderr>\n" + result.stderr() + "\n</stderr>";
        return new ToolReply(text, result.exitCode() != 0);
    }

    private Skill skill(JsonNode name) {
        if (!name.isTextual() || name.textValue().isBlank()) {
            throw new SkillAccessException("A skill name is required; available: " + String.join(", ", skills.keySet()) + ".");
        }
        Skill skill = skills.get(name.textValue());
        if (skill == null) {
            throw new SkillAccessException("There is no skill named '" + name.textValue() + "'; available: "
                    + String.join(", ", skills.keySet()) + ".");
        }
        return skill;
    }

    private static String text(JsonNode args, String field) {
        JsonNode value = args.path(field);
        if (!value.isTextual()) {
            throw new SkillAccessException("The argument '" + field + "' is required, as a string.");
        }
        return value.textValue();
    }

    private ObjectNode skillParameter(String description) {
        ObjectNode node = JSON.objectNode().put("type", "string").put("description", description);
        ArrayNode names = node.putArray("enum");
        skills.keySet().forEach(names::add);
        return node;
    }

    private static ObjectNode string(String description) {
        return JSON.objectNode().put("type", "string").put("description", description);
    }

    private static ObjectNode object(Map<String, ObjectNode> properties, String... required) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        // Stable order: the schema is part of the prompt, and a stable prompt caches.
        new java.util.TreeMap<>(properties).forEach(props::set);
        ArrayNode req = schema.putArray("required");
        for (String r : required) {
            req.add(r);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
