package dev.switchboard.skills;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two parts of a {@code SKILL.md}: the YAML frontmatter between {@code ---} lines, read into a
 * tree that remembers each field's line, and the Markdown body after it.
 *
 * <p>Skill files written for other clients often hold YAML that their parsers accept although it
 * is invalid, most often an unquoted value containing {@code ": "}
 * ({@code description: Use when: the user asks}). As the client guide recommends, such a value is
 * read again as a quoted string; the fault is still reported, so strict validation fails on it
 * while lenient loading goes on.
 */
final class SkillFile {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Pattern TOP_LEVEL_SCALAR = Pattern.compile("^([A-Za-z][A-Za-z0-9_-]*):[ \\t]+(\\S.*)$");

    /**
     * A parsed {@code SKILL.md}.
     *
     * @param fields      the frontmatter as a mapping; null when it could not be read at all
     * @param lines       each field's line in the file, by path ({@code name}, {@code metadata.author})
     * @param body        the Markdown after the frontmatter, trimmed
     * @param bodyLine    the file line the body starts on
     * @param diagnostics faults found while reading; {@link #fields} null means at least one is fatal
     */
    record Parsed(ObjectNode fields, Map<String, Integer> lines, String body, int bodyLine, List<Diagnostic> diagnostics) {
        int line(String path) {
            return lines.getOrDefault(path, 1);
        }
    }

    private SkillFile() {
    }

    static Parsed parse(Path file, String text) {
        List<Diagnostic> faults = new ArrayList<>();
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals("---")) {
            faults.add(Diagnostic.error(file, 1, null, "must start with YAML frontmatter: a '---' line, the fields, then another '---' line"));
            return new Parsed(null, Map.of(), text.strip(), 1, faults);
        }
        int close = -1;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].strip().equals("---")) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            faults.add(Diagnostic.error(file, 1, null, "the frontmatter opened on line 1 is never closed by a '---' line"));
            return new Parsed(null, Map.of(), "", lines.length, faults);
        }
        String body = String.join("\n", java.util.Arrays.asList(lines).subList(close + 1, lines.length)).strip();
        int bodyLine = close + 2;
        // The body is trimmed: its first line is the first non-blank one after the frontmatter.
        for (int i = close + 1; i < lines.length - 1 && lines[i].isBlank(); i++) {
            bodyLine++;
        }
        List<String> yaml = new ArrayList<>(java.util.Arrays.asList(lines).subList(1, close));
        Map<String, Integer> fieldLines = new HashMap<>();
        try {
            return new Parsed(read(file, String.join("\n", yaml), fieldLines, faults), fieldLines, body, bodyLine, faults);
        } catch (Unreadable first) {
            // The client guide's fallback: quote top-level values that hold ": ", then read again.
            List<Integer> quoted = quoteColonValues(yaml);
            if (!quoted.isEmpty()) {
                List<Diagnostic> retryFaults = new ArrayList<>();
                Map<String, Integer> retryLines = new HashMap<>();
                try {
                    ObjectNode fields = read(file, String.join("\n", yaml), retryLines, retryFaults);
                    for (int index : quoted) {
                        retryFaults.add(Diagnostic.error(file, index + 2, fieldAt(yaml.get(index)),
                                "invalid YAML: an unquoted value containing ': ' (read as text; put the value in quotes)"));
                    }
                    return new Parsed(fields, retryLines, body, bodyLine, retryFaults);
                } catch (Unreadable again) {
                    // Report the original error: it is the one the author can act on.
                }
            }
            faults.add(first.diagnostic);
            return new Parsed(null, fieldLines, body, bodyLine, faults);
        }
    }

    /** Thrown when the frontmatter is not YAML at all, carrying the error against the file's own line. */
    private static final class Unreadable extends Exception {
        final Diagnostic diagnostic;

        Unreadable(Diagnostic diagnostic) {
            super(diagnostic.message(), null, false, false);
            this.diagnostic = diagnostic;
        }
    }

    private static ObjectNode read(Path file, String yaml, Map<String, Integer> lines, List<Diagnostic> faults) throws Unreadable {
        try (JsonParser parser = YAML.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (first != JsonToken.START_OBJECT) {
                throw new Unreadable(Diagnostic.error(file, 2, null, "the frontmatter must be a YAML mapping of fields (name: ..., description: ...)"));
            }
            return (ObjectNode) value(file, parser, "", lines, faults);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr() + 1;
            throw new Unreadable(Diagnostic.error(file, line, null, "invalid YAML: " + firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new Unreadable(Diagnostic.error(file, 1, null, "cannot read the frontmatter: " + e.getMessage()));
        }
    }

    /** Builds the tree, noting each field's file line (the frontmatter starts on line 2) and refusing repeated keys. */
    private static JsonNode value(Path file, JsonParser p, String path, Map<String, Integer> lines, List<Diagnostic> faults) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    int line = p.currentTokenLocation().getLineNr() + 1;
                    p.nextToken();
                    JsonNode v = value(file, p, child, lines, faults);
                    if (object.has(name)) {
                        faults.add(Diagnostic.error(file, line, child, "appears twice (first on line " + lines.get(child) + "); the first is used"));
                        continue;
                    }
                    lines.put(child, line);
                    object.set(name, v);
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(file, p, path, lines, faults));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(p.getText());
            // Kept as written: `version: 1.0` is the text "1.0" to an author, not the number 1.
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> new ScalarNode(p.getText());
            default -> nodes.nullNode();
        };
    }

    /** A YAML scalar that is not a string (a number, a boolean), with the text the author wrote. */
    static final class ScalarNode extends com.fasterxml.jackson.databind.node.TextNode {
        ScalarNode(String written) {
            super(written);
        }
    }

    private static List<Integer> quoteColonValues(List<String> yaml) {
        List<Integer> quoted = new ArrayList<>();
        for (int i = 0; i < yaml.size(); i++) {
            Matcher m = TOP_LEVEL_SCALAR.matcher(yaml.get(i));
            if (!m.matches()) {
                continue;
            }
            String value = m.group(2);
            char c = value.charAt(0);
            boolean plain = c != '"' && c != '\'' && c != '|' && c != '>' && c != '[' && c != '{' && c != '&' && c != '*';
            if (plain && value.contains(": ")) {
                yaml.set(i, m.group(1) + ": \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
                quoted.add(i);
            }
        }
        return quoted;
    }

    private static String fieldAt(String line) {
        int colon = line.indexOf(':');
        return colon > 0 ? line.substring(0, colon) : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int cut = message.indexOf('\n');
        return (cut > 0 ? message.substring(0, cut) : message).strip();
    }
}
