package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * A credential read from config or the environment. Its {@link #toString()} never reveals the
 * value, so a secret that reaches a log line or an exception message by accident stays hidden.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    @JsonCreator
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The raw value, for the one place that must send it (an upstream auth header). */
    public String reveal() {
        return value;
    }

    public boolean isBlank() {
        return value.isBlank();
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
