package dev.switchboard.governance.byok;

import dev.switchboard.config.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts and decrypts team credentials with AES-256-GCM. Each value gets a fresh 96-bit nonce,
 * stored in front of the ciphertext; the team and provider are bound in as associated data, so a
 * ciphertext copied onto another team's row fails to decrypt instead of leaking that team's key.
 */
public final class CredentialVault {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    public CredentialVault(SecretKey key) {
        this.key = key;
    }

    /** Base64 of nonce and ciphertext. */
    public String encrypt(String teamId, String provider, Secret credential) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, teamId, provider);
            byte[] sealed = cipher.doFinal(credential.reveal().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws IllegalStateException when the value was not sealed by this master key for this team and provider */
    public Secret decrypt(String teamId, String provider, String stored) {
        byte[] bytes = Base64.getDecoder().decode(stored);
        byte[] nonce = java.util.Arrays.copyOf(bytes, NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, teamId, provider);
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return Secret.of(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // Never the value or the key in the message: only what failed.
            throw new IllegalStateException("the stored " + provider + " credential of team " + teamId
                    + " does not decrypt with the current master key");
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String teamId, String provider) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((teamId + "\n" + provider).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
