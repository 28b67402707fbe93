package dev.switchboard.config;

import java.util.Map;

/**
 * Where each value of a loaded config came from, so that checks made long after parsing can still
 * point the user at {@code file:line: field}. Paths are written as a user reads them:
 * {@code providers.openai.base_url}, {@code models["openai/gpt-4o"].deployments[0].provider}.
 */
public final class ConfigSource {
    private final String file;
    private final Map<String, Integer> lines;

    ConfigSource(String file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = Map.copyOf(lines);
    }

    /** A source for configs built in code, with no file behind them. */
    public static ConfigSource none() {
        return new ConfigSource("<defaults>", Map.of());
    }

    /** A config error about the value at {@code path}. */
    public ConfigException error(String path, String message) {
        Integer line = lines.get(path);
        String where = line == null ? file : file + ":" + line;
        return new ConfigException(where + ": " + path + ": " + message);
    }

    /** Appends a map key to a path, quoting keys that contain dots or slashes. */
    public static String child(String path, String key) {
        String segment = key.matches("[A-Za-z0-9_\\-]+") ? key : "[\"" + key + "\"]";
        if (path.isEmpty()) {
            return segment;
        }
        return segment.startsWith("[") ? path + segment : path + "." + segment;
    }

    public static String index(String path, int i) {
        return path + "[" + i + "]";
    }
}
