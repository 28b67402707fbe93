package dev.switchboard.config;

/**
 * The configuration cannot be used. The message names the file, the line and the field, in the
 * form {@code switchboard.yaml:12: providers.openai.base_url: must be an http(s) URL}, so a user
 * can fix it without reading a stack trace.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
