package dev.switchboard.governance.byok;

import dev.switchboard.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Finds the 256-bit AES key that encrypts team credentials at rest: base64 in
 * {@code SWITCHBOARD_MASTER_KEY}, or in the file named by {@code SWITCHBOARD_MASTER_KEY_FILE}
 * (a mounted secret). Without either, BYOK is off and registering a credential is refused.
 * Generate one with {@code openssl rand -base64 32}.
 */
public final class MasterKey {
    public static final String ENV = "SWITCHBOARD_MASTER_KEY";
    public static final String FILE_ENV = "SWITCHBOARD_MASTER_KEY_FILE";
    private static final int KEY_BYTES = 32;

    private MasterKey() {
    }

    /** @throws ConfigException when a key is given but is not 32 bytes of base64, or its file cannot be read */
    public static Optional<SecretKey> from(Function<String, String> env) {
        String value = env.apply(ENV);
        String source = ENV;
        String file = env.apply(FILE_ENV);
        if ((value == null || value.isBlank()) && file != null && !file.isBlank()) {
            source = FILE_ENV + " (" + file + ")";
            try {
                value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(source + ": cannot read the master key: " + e.getMessage());
            }
        }
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": the master key must be base64 (e.g. from 'openssl rand -base64 32')");
        }
        if (bytes.length != KEY_BYTES) {
            throw new ConfigException(source + ": the master key must be 32 bytes, got " + bytes.length);
        }
        return Optional.of(new SecretKeySpec(bytes, "AES"));
    }
}
