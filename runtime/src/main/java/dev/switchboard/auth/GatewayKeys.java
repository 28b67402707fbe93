package dev.switchboard.auth;

import dev.switchboard.config.Secret;
import dev.switchboard.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks the key a caller presents against the gateway keys from config. Keys are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual}, so neither the comparison's timing nor a
 * heap dump of this object reveals a key. With no keys configured every caller is let in.
 */
public final class GatewayKeys {
    private final List<byte[]> digests;

    public GatewayKeys(List<Secret> keys) {
        this.digests = keys.stream().map(k -> digest(k.reveal())).toList();
    }


    /**
     * @param authorization the {@code Authorization} header, {@code Bearer <key>}, or null
     * @param apiKey        the {@code x-api-key} header, or null
     * @throws GatewayException.Unauthorized when keys are required and none presented matches
     */
    public void check(String authorization, String apiKey) {
        if (digests.isEmpty()) {
            return;
        }
        String presented = apiKey;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        }
        if (presented == null || presented.isEmpty()) {
            throw new GatewayException.Unauthorized("You didn't provide an API key. Send your gateway key as 'Authorization: Bearer <key>'.");
        }
        byte[] candidate = digest(presented);
        for (byte[] digest : digests) {
            if (MessageDigest.isEqual(digest, candidate)) {
                return;
            }
        }
        throw new GatewayException.Unauthorized("Incorrect API key provided.");
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
