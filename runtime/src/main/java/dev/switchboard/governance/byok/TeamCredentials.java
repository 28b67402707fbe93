package dev.switchboard.governance.byok;

import dev.switchboard.auth.Caller;
import dev.switchboard.config.Secret;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.deployment.Deployment;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bring your own key on the request path: for a caller whose team registered its own credential
 * for a deployment's provider, {@link #forCaller} gives that deployment with a provider that sends
 * the team's key instead of the gateway's. Every other caller — another team, a config-file key —
 * gets the deployment untouched, so a team's key only ever carries that team's traffic.
 *
 * <p>Implementation note: decrypted keys (and the absence of one, the common case, so that teams
 * without credentials cost one map lookup) are cached in memory for {@link #TTL}; an admin change
 * clears the cache through {@code Governance.onChange}, so a replaced or deleted key stops being
 * used at once on this gateway, and within {@link #TTL} on others sharing the database.
 */
public final class TeamCredentials {
    /** Bounds how long a decrypted key lives in memory and how stale another gateway's change can be. */
    public static final Duration TTL = Duration.ofMinutes(1);

    private record Cached(Optional<Secret> credential, long expiresAtMillis) {
    }

    private record Key(String teamId, String provider) {
    }

    private final CredentialStore store;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Cached> cache = new ConcurrentHashMap<>();

    public TeamCredentials(CredentialStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** {@code deployment}, sending the caller's team's own key when it has one for the deployment's provider. */
    public Deployment forCaller(Caller caller, Deployment deployment) {
        if (caller.teamId() == null || !store.enabled()) {
            return deployment;
        }
        return credential(caller.teamId(), deployment.provider().name())
                .map(key -> new Deployment(new WithCredential(deployment.provider(), key), deployment.upstreamModel(),
                        deployment.weight(), deployment.catalogEntry()))
                .orElse(deployment);
    }

    private Optional<Secret> credential(String teamId, String provider) {
        long now = clock.millis();
        Cached cached = cache.get(new Key(teamId, provider));
        if (cached == null || cached.expiresAtMillis() <= now) {
            cached = new Cached(store.reveal(teamId, provider), now + TTL.toMillis());
            cache.put(new Key(teamId, provider), cached);
        }
        return cached.credential();
    }

    /** Forgets every cached key; registered with {@code Governance.onChange}. */
    public void clear() {
        cache.clear();
    }

    /** The provider with every chat call carrying the team's key. */
    private record WithCredential(Provider provider, Secret credential) implements Provider {
        @Override
        public String name() {
            return provider.name();
        }

        @Override
        public String catalogProvider() {
            return provider.catalogProvider();
        }

        @Override
        public WireFormat wireFormat() {
            return provider.wireFormat();
        }

        @Override
        public UpstreamResponse chat(UpstreamCall call) {
            return provider.chat(call.withCredential(credential));
        }

        @Override
        public String toString() {
            return provider + " with the team's own key";
        }
    }
}
