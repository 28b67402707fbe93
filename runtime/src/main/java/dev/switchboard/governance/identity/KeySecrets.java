package dev.switchboard.governance.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How virtual keys are made and recognised. A key is {@code sk-sb-} followed by 32 random bytes
 * (256 bits, base64url), so it cannot be guessed and needs no slow hash: it is stored as its
 * SHA-256, looked up by that hash, and shown once when created. The first 12 characters are kept
 * so people can tell their keys apart.
 */
public final class KeySecrets {
    public static final String KEY_PREFIX = "sk-sb-";
    private static final int RANDOM_BYTES = 32;
    private static final int DISPLAY_PREFIX_CHARS = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecrets() {
    }

    /** A new random key, to be shown once and then forgotten. */
    public static String newKey() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of a key, lowercase hex: what the database stores and is searched by. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The part of a key safe to display and log. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(DISPLAY_PREFIX_CHARS, key.length()));
    }

    /** A new random id with a readable type prefix, e.g. {@code team_3hX9...}. */
    public static String newId(String type) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return type + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
