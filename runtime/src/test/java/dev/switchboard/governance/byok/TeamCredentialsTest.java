package dev.switchboard.governance.byok;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.Caller;
import dev.switchboard.config.Secret;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.identity.ModelRules;
import dev.switchboard.governance.identity.Org;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TeamCredentialsTest {
    private static final Secret TEAM_KEY = Secret.of("sk-team-a-own");

    /** Records the calls it is given instead of sending them. */
    private static final class Recording implements Provider {
        final List<UpstreamCall> calls = new ArrayList<>();

        @Override
        public String name() {
            return "oai";
        }

        @Override
        public String catalogProvider() {
            return "openai";
        }

        @Override
        public WireFormat wireFormat() {
            return WireFormat.OPENAI;
        }

        @Override
        public UpstreamResponse chat(UpstreamCall call) {
            calls.add(call);
            return null;
        }
    }

    private record Setup(Database database, CredentialStore store, Caller teamA, Caller teamB) {
    }

    private static Setup setup(TestDatabase kind) {
        Database database = kind.open();
        Jdbc jdbc = new Jdbc(database);
        IdentityStore identities = new IdentityStore(jdbc, Clock.systemUTC());
        Org org = identities.createOrg("acme");
        Team a = identities.createTeam(org.id(), "a", ModelRules.ANY, Map.of(), false, null);
        Team b = identities.createTeam(org.id(), "b", ModelRules.ANY, Map.of(), false, null);
        CredentialStore store = new CredentialStore(jdbc, Optional.of(new CredentialVault(
                new SecretKeySpec(Base64.getDecoder().decode("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="), "AES"))), Clock.systemUTC());
        store.put(a.id(), "oai", TEAM_KEY);
        return new Setup(database, store, caller(org, a), caller(org, b));
    }

    private static Caller caller(Org org, Team team) {
        return new Caller("key_" + team.name(), org.id(), team.id(), ModelRules.ANY, ModelRules.ANY, false, null);
    }

    private static Secret credentialSent(TeamCredentials credentials, Caller caller, Recording provider) {
        credentials.forCaller(caller, new Deployment(provider, "gpt-test", 1, Optional.empty()))
                .provider().chat(new UpstreamCall("gpt-test", new byte[0], false, "req"));
        return provider.calls.getLast().credential();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void onlyTheTeamThatRegisteredAKeyHasItsCallsCarryIt(TestDatabase kind) {
        Setup s = setup(kind);
        try (Database ignored = s.database()) {
            TeamCredentials credentials = new TeamCredentials(s.store(), Clock.systemUTC());
            Recording provider = new Recording();

            assertThat(credentialSent(credentials, s.teamA(), provider)).isEqualTo(TEAM_KEY);
            assertThat(credentialSent(credentials, s.teamB(), provider)).isNull();
            assertThat(credentialSent(credentials, Caller.UNGOVERNED, provider)).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aDeletedKeyStopsBeingUsedOnceTheCacheIsClearedByAnAdminChange(TestDatabase kind) {
        Setup s = setup(kind);
        try (Database ignored = s.database()) {
            TeamCredentials credentials = new TeamCredentials(s.store(), Clock.systemUTC());
            Recording provider = new Recording();
            credentialSent(credentials, s.teamA(), provider);

            s.store().delete(s.teamA().teamId(), "oai");
            credentials.clear();

            assertThat(credentialSent(credentials, s.teamA(), provider)).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCachedKeyIsReadAgainOnceItsTimeInMemoryIsUp(TestDatabase kind) {
        Setup s = setup(kind);
        try (Database ignored = s.database()) {
            Instant start = Instant.parse("2026-11-03T10:00:00Z");
            Clock[] now = {Clock.fixed(start, ZoneOffset.UTC)};
            TeamCredentials credentials = new TeamCredentials(s.store(), new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now[0].instant();
                }
            });
            Recording provider = new Recording();
            credentialSent(credentials, s.teamA(), provider);
            s.store().delete(s.teamA().teamId(), "oai");

            assertThat(credentialSent(credentials, s.teamA(), provider)).as("still cached").isEqualTo(TEAM_KEY);
            now[0] = Clock.fixed(start.plus(TeamCredentials.TTL), ZoneOffset.UTC);
            assertThat(credentialSent(credentials, s.teamA(), provider)).isNull();
        }
    }
}
