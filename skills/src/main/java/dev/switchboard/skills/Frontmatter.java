package dev.switchboard.skills;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The frontmatter fields of the specification, checked against its limits. Every check adds a
 * diagnostic in the specification's words; {@link #fatal} is set only by faults that leave nothing
 * usable to load (no description, no usable name), as the client guide's lenient rules say.
 */
final class Frontmatter {
    static final int MAX_NAME = 64;
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_COMPATIBILITY = 500;
    static final Set<String> FIELDS = Set.of("name", "description", "license", "compatibility", "metadata", "allowed-tools");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    // What lenient loading still accepts as a name: safe in a tool argument, a URI and a folder name.
    private static final Pattern USABLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    String name;
    String description;
    String license;
    String compatibility;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final List<String> allowedTools = new ArrayList<>();
    boolean fatal;

    private final Path file;
    private final SkillFile.Parsed parsed;
    private final List<Diagnostic> faults;

    private Frontmatter(Path file, SkillFile.Parsed parsed, List<Diagnostic> faults) {
        this.file = file;
        this.parsed = parsed;
        this.faults = faults;
    }

    /** Checks the fields of a parsed file that lies in a folder called {@code folderName}, adding every fault to {@code faults}. */
    static Frontmatter check(Path file, SkillFile.Parsed parsed, String folderName, List<Diagnostic> faults) {
        Frontmatter fm = new Frontmatter(file, parsed, faults);
        if (parsed.fields() == null) {
            fm.fatal = true;
            return fm;
        }
        parsed.fields().fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                fm.error(field, "is not a field of the specification (expected one of allowed-tools, compatibility, description, "
                        + "license, metadata, name); it is ignored — put extra properties under 'metadata'");
            }
        });
        fm.name(folderName);
        fm.description();
        fm.license = fm.optionalText("license");
        fm.compatibility();
        fm.metadata();
        fm.allowedTools();
        return fm;
    }

    private void name(String folderName) {
        JsonNode node = parsed.fields().get("name");
        String value = text("name", node);
        if (value == null) {
            if (node == null || node.isNull()) {
                error("name", "is required");
            }
            if (folderName != null && NAME.matcher(folderName).matches() && folderName.length() <= MAX_NAME) {
                name = folderName;
            } else {
                fatal = true;
            }
            return;
        }
        List<String> problems = new ArrayList<>();
        int length = value.codePointCount(0, value.length());
        if (length == 0) {
            problems.add("must be 1-" + MAX_NAME + " characters");
        } else if (length > MAX_NAME) {
            problems.add("must be at most " + MAX_NAME + " characters (has " + length + ")");
        }
        if (!value.equals(value.toLowerCase(java.util.Locale.ROOT))) {
            problems.add("must be lowercase");
        }
        if (value.startsWith("-") || value.endsWith("-")) {
            problems.add("must not start or end with a hyphen");
        }
        if (value.contains("--")) {
            problems.add("must not contain consecutive hyphens");
        }
        if (!value.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
            problems.add("may only contain lowercase letters a-z, digits and hyphens");
        }
        for (String problem : problems) {
            error("name", problem + " (is '" + value + "')");
        }
        if (problems.isEmpty() && folderName != null && !value.equals(folderName)) {
            error("name", "must match its folder's name '" + folderName + "' (is '" + value + "')");
        }
        if (USABLE_NAME.matcher(value).matches()) {
            name = value;
        } else {
            fatal = true;
        }
    }

    private void description() {
        JsonNode node = parsed.fields().get("description");
        String value = text("description", node);
        if (value == null || value.isBlank()) {
            if (value != null || node == null || node.isNull()) {
                error("description", value == null ? "is required" : "must not be empty");
            }
            fatal = true;
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_DESCRIPTION) {
            error("description", "must be at most " + MAX_DESCRIPTION + " characters (has " + length + ")");
        }
        description = value.strip();
    }

    private void compatibility() {
        String value = optionalText("compatibility");
        if (value == null) {
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length == 0 || length > MAX_COMPATIBILITY) {
            error("compatibility", "must be 1-" + MAX_COMPATIBILITY + " characters (has " + length + ")");
        }
        compatibility = value.isEmpty() ? null : value;
    }

    private void metadata() {
        JsonNode node = parsed.fields().get("metadata");
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            error("metadata", "must be a mapping of string keys to string values; it is ignored");
            return;
        }
        node.properties().forEach(entry -> {
            String path = "metadata." + entry.getKey();
            JsonNode value = entry.getValue();
            if (value instanceof SkillFile.ScalarNode scalar) {
                error(path, "must be a string: quote it (\"" + scalar.textValue() + "\")");
                metadata.put(entry.getKey(), scalar.textValue());
            } else if (value.isTextual()) {
                metadata.put(entry.getKey(), value.textValue());
            } else {
                error(path, "must be a string, not " + kind(value) + "; it is ignored");
            }
        });
    }

    private void allowedTools() {
        JsonNode node = parsed.fields().get("allowed-tools");
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            error("allowed-tools", "must be one space-separated string, not a list");
            node.forEach(tool -> {
                if (tool.isTextual()) {
                    allowedTools.add(tool.textValue());
                }
            });
            return;
        }
        String value = text("allowed-tools", node);
        if (value != null) {
            Arrays.stream(value.strip().split("\\s+")).filter(s -> !s.isEmpty()).forEach(allowedTools::add);
        }
    }

    private String optionalText(String field) {
        JsonNode node = parsed.fields().get(field);
        return node == null || node.isNull() ? null : text(field, node);
    }

    /** The field's text; null, with a fault added, when it is present but not a string. */
    private String text(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node instanceof SkillFile.ScalarNode scalar) {
            error(field, "must be a string: quote it (\"" + scalar.textValue() + "\")");
            return scalar.textValue();
        }
        if (!node.isTextual()) {
            error(field, "must be a string, not " + kind(node));
            return null;
        }
        return node.textValue();
    }

    private static String kind(JsonNode node) {
        return node.isObject() ? "a mapping" : node.isArray() ? "a list" : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private void error(String field, String message) {
        int line = parsed.lines().getOrDefault(field, parsed.line(field.contains(".") ? field.substring(0, field.indexOf('.')) : field));
        faults.add(Diagnostic.error(file, line, field, message));
    }
}
