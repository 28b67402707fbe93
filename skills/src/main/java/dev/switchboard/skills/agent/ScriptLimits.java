package dev.switchboard.skills.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a skill's script may run, when scripts are allowed at all.
 *
 * @param timeout        the longest a run may take; it is then killed, with its child processes
 * @param maxOutputBytes the most bytes kept of its standard output and of its standard error each; a
 *                       script that writes more is killed
 * @param workRoot       where each run gets its own, new working directory, deleted after the run
 */
public record ScriptLimits(Duration timeout, int maxOutputBytes, Path workRoot) {
    public ScriptLimits {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(workRoot, "workRoot");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a script's time limit must be positive, was " + timeout);
        }
        if (maxOutputBytes < 1) {
            throw new IllegalArgumentException("a script's output limit must be positive, was " + maxOutputBytes);
        }
    }
}
