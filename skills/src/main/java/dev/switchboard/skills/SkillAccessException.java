package dev.switchboard.skills;

/**
 * A request for a skill or one of its files that cannot be served: an unknown skill, a path that
 * leaves the skill's folder or its allowed areas, a missing or oversize file. The message names
 * the skill and the path and is safe to show to a model or a client: it never holds a host path.
 */
public final class SkillAccessException extends RuntimeException {
    public SkillAccessException(String message) {
        super(message);
    }
}
