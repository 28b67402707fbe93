package dev.switchboard.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.json.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML config in three steps: parse it into a tree while remembering the line of every
 * value, replace {@code ${VAR}} and {@code ${VAR:-default}} in string values from the environment,
 * then bind the tree to {@link GatewayConfig} with unknown fields rejected. Interpolating after
 * parsing (not in the raw text) means a key containing {@code #} or {@code :} cannot change the
 * YAML's structure, and errors still point at the line the user wrote.
 */
public final class ConfigLoader {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Function<String, String> env;
    private final ObjectMapper mapper;

    /** @param env looks up environment variables; {@code System::getenv} in production */
    public ConfigLoader(Function<String, String> env) {
        this.env = env;
        SimpleModule durations = new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer());
        this.mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .registerModule(durations);
    }

    /** A loaded config and the source positions of its values. */
    public record Loaded(GatewayConfig config, ConfigSource source) {
    }

    public Loaded load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public Loaded parse(String fileName, String yaml) {
        Map<String, Integer> lines = new HashMap<>();
        JsonNode tree;
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken first = parser.nextToken();
            tree = first == null ? JsonNodeFactory.instance.objectNode() : read(parser, "", lines);
            if (first != null && !StrictJson.atEnd(parser)) {
                throw new ConfigException(fileName + ":" + parser.currentTokenLocation().getLineNr()
                        + ": a second YAML document: a config is one document, so put every section in the first");
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(fileName + ":" + e.getLocation().getLineNr() + ": invalid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(fileName + ": cannot parse config: " + e.getMessage());
        }
        ConfigSource source = new ConfigSource(fileName, lines);
        if (!tree.isObject()) {
            throw source.error("", "the config must be a YAML mapping of sections (server, providers, models, ...)");
        }
        JsonNode interpolated = interpolate(tree, "", source);
        try {
            return new Loaded(mapper.treeToValue(interpolated, GatewayConfig.class), source);
        } catch (UnrecognizedPropertyException e) {
            String path = pathOf(e);
            TreeSet<String> known = new TreeSet<>();
            e.getKnownPropertyIds().forEach(id -> known.add(id.toString()));
            throw source.error(path, "unknown field '" + e.getPropertyName() + "' (expected one of " + String.join(", ", known) + ")");
        } catch (JsonMappingException e) {
            throw source.error(pathOf(e), describe(e));
        } catch (IOException e) {
            throw new ConfigException(fileName + ": " + e.getMessage());
        }
    }

    private static JsonNode read(JsonParser p, String path, Map<String, Integer> lines) throws IOException {
        lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = ConfigSource.child(path, name);
                    lines.put(child, p.currentTokenLocation().getLineNr());
                    p.nextToken();
                    object.set(name, read(p, child, lines));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(p, ConfigSource.index(path, i++), lines));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(p.getText());
            case VALUE_NUMBER_INT -> nodes.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDecimalValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            default -> nodes.nullNode();
        };
    }

    private JsonNode interpolate(JsonNode node, String path, ConfigSource source) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(substitute(node.textValue(), path, source));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), interpolate(field.getValue(), ConfigSource.child(path, field.getKey()), source));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(interpolate(node.get(i), ConfigSource.index(path, i), source));
            }
            return copy;
        }
        return node;
    }

    private String substitute(String text, String path, ConfigSource source) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$${")) {
                replacement = "${";
            } else {
                String value = env.apply(m.group(1));
                if (value == null) {
                    if (m.group(2) == null) {
                        throw source.error(path, "environment variable " + m.group(1)
                                + " is not set (write ${" + m.group(1) + ":-} to make it optional)");
                    }
                    value = m.group(3);
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String pathOf(JsonMappingException e) {
        String path = "";
        for (JsonMappingException.Reference ref : e.getPath()) {
            path = ref.getFieldName() != null ? ConfigSource.child(path, ref.getFieldName()) : ConfigSource.index(path, ref.getIndex());
        }
        return path;
    }

    private static String describe(JsonMappingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        String message = e.getOriginalMessage();
        // Jackson names Java types; users wrote YAML, so translate the common cases.
        if (message.contains("from Object value") || message.contains("START_OBJECT")) {
            return "expected a single value, found a mapping";
        }
        if (message.contains("from Array value") || message.contains("START_ARRAY")) {
            return "expected a single value, found a list";
        }
        if (message.contains("java.lang.Integer") || message.contains("java.lang.Long") || message.contains("`int`")) {
            return "expected a whole number";
        }
        if (message.contains("java.util.Map") || message.contains("java.util.LinkedHashMap")) {
            return "expected a mapping of names to values";
        }
        if (message.contains("java.util.List") || message.contains("java.util.ArrayList")) {
            return "expected a list";
        }
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return Duration.ofSeconds(p.getLongValue());
            }
            try {
                return Durations.parse(p.getValueAsString(""));
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }

}
