package dev.switchboard.governance.byok;

import dev.switchboard.config.Secret;
import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.store.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Teams' own provider credentials (bring your own key), encrypted at rest by the
 * {@link CredentialVault}. The API lists them by provider and hint only: a stored key is decrypted
 * for one purpose, an upstream call of the team's own traffic.
 */
public final class CredentialStore {
    /** What the admin API may show of a stored credential. */
    public record Info(String teamId, String provider, String keyHint, Instant createdAt) {
    }

    // Enough to tell two keys apart, too little to help guess one.
    private static final int HINT_CHARS = 4;

    private final Jdbc jdbc;
    private final Optional<CredentialVault> vault;
    private final Clock clock;

    /** @param vault empty when no master key is set: then nothing can be stored */
    public CredentialStore(Jdbc jdbc, Optional<CredentialVault> vault, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.clock = clock;
    }

    public boolean enabled() {
        return vault.isPresent();
    }

    /**
     * Stores (or replaces) a team's key for a provider.
     *
     * @throws GatewayException.InvalidRequest when no master key is configured
     */
    public Info put(String teamId, String provider, Secret credential) {
        CredentialVault sealer = vault.orElseThrow(() -> new GatewayException.InvalidRequest(
                "Team credentials need a master key: set " + MasterKey.ENV + " or " + MasterKey.FILE_ENV + " on the gateway."));
        String value = credential.reveal();
        String hint = "..." + value.substring(Math.max(0, value.length() - HINT_CHARS));
        Info info = new Info(teamId, provider, hint, Instant.ofEpochMilli(clock.millis()));
        String sealed = sealer.encrypt(teamId, provider, credential);
        // One upsert: two admins storing a team's first key for a provider at the same time cannot both insert it.
        jdbc.update("INSERT INTO provider_credentials (team_id, provider, ciphertext, key_hint, created_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (team_id, provider) DO UPDATE SET ciphertext = excluded.ciphertext, key_hint = excluded.key_hint,"
                        + " created_at = excluded.created_at",
                teamId, provider, sealed, hint, info.createdAt().toEpochMilli());
        return info;
    }

    public List<Info> list(String teamId) {
        return jdbc.query("SELECT team_id, provider, key_hint, created_at FROM provider_credentials WHERE team_id = ? ORDER BY provider",
                row -> new Info(row.getString("team_id"), row.getString("provider"), row.getString("key_hint"),
                        Instant.ofEpochMilli(row.getLong("created_at"))), teamId);
    }

    public boolean delete(String teamId, String provider) {
        return jdbc.update("DELETE FROM provider_credentials WHERE team_id = ? AND provider = ?", teamId, provider) == 1;
    }

    /** The team's key for the provider, decrypted; empty when it has none (or BYOK is off). */
    public Optional<Secret> reveal(String teamId, String provider) {
        if (vault.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.queryOne("SELECT ciphertext FROM provider_credentials WHERE team_id = ? AND provider = ?",
                row -> row.getString("ciphertext"), teamId, provider).map(sealed -> vault.get().decrypt(teamId, provider, sealed));
    }
}
