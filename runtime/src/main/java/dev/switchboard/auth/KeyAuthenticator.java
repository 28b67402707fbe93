package dev.switchboard.auth;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.Governance;
import dev.switchboard.governance.identity.ApiKey;
import dev.switchboard.governance.identity.KeySecrets;
import dev.switchboard.governance.identity.ModelRules;
import dev.switchboard.governance.identity.Team;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Decides who is calling the gateway's API from the key presented as {@code Authorization: Bearer}
 * or {@code x-api-key}: a key from the config file is {@link Caller#UNGOVERNED}; a virtual key
 * ({@code sk-sb-...}) is the {@link Caller} its database row and team describe. Keys are required
 * once anything could issue one (see {@link #requiredByConfig}) or once a virtual key exists;
 * until then the gateway stays open, as a laptop install expects.
 *
 * <p>Thread-safe. Every failure is reported to {@link AuthFailures} with the key's display prefix
 * at most, never the key.
 */
public final class KeyAuthenticator {
    /*
     * No database round trip per request: virtual keys are looked up by their SHA-256 in a Caffeine
     * cache. Found keys are kept POSITIVE_TTL, unknown ones NEGATIVE_TTL (so a flood of bad keys
     * costs one query per distinct key per few seconds, and a key just created on another node is
     * soon found). The whole cache is dropped whenever an admin changes something on this node
     * (refresh), so revocation here is immediate; a revocation made on another gateway sharing the
     * database takes effect here within POSITIVE_TTL. Expiry is checked against the clock on every
     * request, from the cached row, so it is exact.
     *
     * Whether virtual keys exist is a flag set at start and on refresh; while it is false it is
     * re-read at most every POSITIVE_TTL so that a first key created on another node closes this
     * one too. Keys are never deleted (only revoked), so once true it stays true.
     */
    static final Duration POSITIVE_TTL = Duration.ofSeconds(30);
    static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);
    // Bounds the memory a flood of distinct bad keys can take; live keys are far fewer.
    private static final int MAX_CACHED_KEYS = 100_000;

    private final GatewayKeys configKeys;
    private final boolean requiredByConfig;
    private final Governance governance;
    private final Clock clock;
    private final AuthFailures failures;
    private final LoadingCache<String, Optional<Found>> virtualKeys;
    private volatile boolean virtualKeysExist;
    private volatile long recheckAtMillis;

    /** A virtual key's row and the caller it makes, as cached. */
    private record Found(ApiKey key, Caller caller) {
    }

    /**
     * @param requiredByConfig whether keys are required whatever the database holds ({@link #requiredByConfig})
     */
    public KeyAuthenticator(GatewayConfig.Auth auth, boolean requiredByConfig, Governance governance, Clock clock,
                            AuthFailures failures) {
        this.configKeys = new GatewayKeys(auth.keys());
        this.requiredByConfig = requiredByConfig || !configKeys.isEmpty();
        this.governance = governance;
        this.clock = clock;
        this.failures = failures;
        this.virtualKeys = Caffeine.newBuilder()
                .maximumSize(MAX_CACHED_KEYS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.<String, Optional<Found>>creating((hash, found) -> found.isPresent() ? POSITIVE_TTL : NEGATIVE_TTL))
                .build(this::load);
        this.virtualKeysExist = anyVirtualKey();
    }

    /**
     * Keys are required when the config lists gateway keys, when a bootstrap admin key is set in
     * the environment ({@code SWITCHBOARD_ADMIN_KEY}) or when admins sign in with OIDC: a gateway
     * with administrators is not an open one, even before its first virtual key exists.
     */
    public static boolean requiredByConfig(GatewayConfig config, Function<String, String> env) {
        String adminKey = env.apply(Governance.ADMIN_KEY_ENV);
        return !config.auth().keys().isEmpty() || adminKey != null && !adminKey.isBlank() || config.governance().oidc() != null;
    }

    /**
     * @param path          the request path, for the failure report
     * @param authorization the {@code Authorization} header, or null
     * @param apiKey        the {@code x-api-key} header, or null
     * @throws GatewayException.Unauthorized when keys are required and the one presented is missing, unknown, revoked or expired
     */
    public Caller authenticate(String path, String authorization, String apiKey) {
        String presented = presented(authorization, apiKey);
        if (presented != null && configKeys.matches(presented)) {
            return Caller.UNGOVERNED;
        }
        if (!keysRequired()) {
            return Caller.UNGOVERNED;
        }
        if (presented == null) {
            throw refused(path, null, "missing", requiredByConfig
                    ? "You didn't provide an API key. Send your gateway key as 'Authorization: Bearer <key>'."
                    // A gateway with no keys configured was open before its first virtual key; its operator may
                    // not know that keys issued in an earlier run (e.g. the governance walkthrough) closed it.
                    : "You didn't provide an API key. This gateway requires one because virtual keys have been issued"
                            + " in its database; send one as 'Authorization: Bearer <key>'.");
        }
        Optional<Found> found = presented.startsWith(KeySecrets.KEY_PREFIX)
                ? virtualKeys.get(KeySecrets.hash(presented)) : Optional.empty();
        if (found.isEmpty()) {
            throw refused(path, presented, "unknown", "Incorrect API key provided.");
        }
        ApiKey key = found.get().key();
        if (key.revokedAt() != null) {
            throw refused(path, presented, "revoked", "This API key was revoked.");
        }
        if (!key.liveAt(clock.instant())) {
            throw refused(path, presented, "expired", "This API key expired at " + key.expiresAt() + ".");
        }
        return found.get().caller();
    }

    /** Forgets every cached key and re-reads whether virtual keys exist: called when an admin changes governance state. */
    public void refresh() {
        virtualKeys.invalidateAll();
        virtualKeysExist = anyVirtualKey();
    }

    private boolean keysRequired() {
        if (requiredByConfig || virtualKeysExist) {
            return true;
        }
        long now = clock.millis();
        if (now >= recheckAtMillis) {
            // Racing requests may both re-read; harmless, and cheaper than a lock on the hot path.
            virtualKeysExist = anyVirtualKey();
        }
        return virtualKeysExist;
    }

    private boolean anyVirtualKey() {
        recheckAtMillis = clock.millis() + POSITIVE_TTL.toMillis();
        return governance.jdbc().queryOne("SELECT id FROM api_keys LIMIT 1", row -> row.getString(1)).isPresent();
    }

    private Optional<Found> load(String hash) {
        return governance.identities().keyByHash(hash).map(key -> {
            Optional<Team> team = governance.identities().team(key.teamId());
            Caller caller = new Caller(key.id(), key.orgId(), key.teamId(), key.models(),
                    team.map(Team::models).orElse(ModelRules.ANY), team.map(Team::logRequests).orElse(false),
                    team.map(Team::logRetentionDays).orElse(null));
            return new Found(key, caller);
        });
    }

    private GatewayException.Unauthorized refused(String path, String presented, String reason, String message) {
        // Only a Switchboard key's prefix is recorded: for anything else (a vendor key sent by mistake) even a prefix says too much.
        boolean ours = presented != null && presented.startsWith(KeySecrets.KEY_PREFIX);
        failures.failed(path, ours ? KeySecrets.displayPrefix(presented) : null, reason);
        return new GatewayException.Unauthorized(message);
    }

    private static String presented(String authorization, String apiKey) {
        String presented = apiKey;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7);
        }
        if (presented == null) {
            return null;
        }
        presented = presented.strip();
        return presented.isEmpty() ? null : presented;
    }
}
