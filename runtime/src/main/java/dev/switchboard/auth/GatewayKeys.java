package dev.switchboard.auth;

import dev.switchboard.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The gateway keys from the config file. Keys are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither the comparison's timing nor a heap dump of this object
 * reveals a key.
 */
final class GatewayKeys {
    private final List<byte[]> digests;

    GatewayKeys(List<Secret> keys) {
        this.digests = keys.stream().map(k -> digest(k.reveal())).toList();
    }

    boolean isEmpty() {
        return digests.isEmpty();
    }

    /** Whether {@code presented} is one of the configured keys. */
    boolean matches(String presented) {
        if (digests.isEmpty()) {
            return false;
        }
        byte[] candidate = digest(presented);
        boolean found = false;
        for (byte[] digest : digests) {
            // No early exit: the time taken does not tell which key matched.
            found |= MessageDigest.isEqual(digest, candidate);
        }
        return found;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
