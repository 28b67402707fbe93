package dev.switchboard.auth;

/**
 * Where failed authentications on the gateway's API are reported, e.g. the audit log. Called on
 * the request's thread, so an implementation must not block for long.
 */
@FunctionalInterface
public interface AuthFailures {
    /**
     * @param path      the request path
     * @param keyPrefix the display prefix of the key presented ({@link dev.switchboard.governance.identity.KeySecrets#displayPrefix}); null when none was
     * @param reason    why it failed: {@code missing}, {@code unknown}, {@code revoked} or {@code expired}
     */
    void failed(String path, String keyPrefix, String reason);
}
