package dev.switchboard.governance.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Admin sign-in with an identity provider's tokens: an RSA key made here, its JWKS served by WireMock. */
class OidcSignInTest {
    private static final String ISSUER = "https://idp.acme.test";
    private static final String AUDIENCE = "switchboard-admin";
    private static final String ORG = "org_acme";
    private static final WireMockServer idp = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static RSAKey signingKey;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws JOSEException {
        signingKey = new RSAKeyGenerator(2048).keyID("key-1").generate();
        idp.start();
        idp.stubFor(get("/jwks").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(new JWKSet(signingKey.toPublicJWK()).toString())));
        gateway = RunningGateway.start(TestDatabase.SQLITE.governanceYaml() + """
                  oidc:
                    issuer: %s
                    audience: %s
                    jwks_url: http://127.0.0.1:%d/jwks
                    roles_claim: groups
                    org: %s
                    roles:
                      sb-admins: org_admin
                      sb-auditors: auditor
                      payments-devs: {role: team_admin, team: team_payments}
                """.formatted(ISSUER, AUDIENCE, idp.port(), ORG), AdminClient.ENV);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        idp.stop();
    }

    private static String token(RSAKey key, UnaryOperator<JWTClaimsSet.Builder> claims) throws JOSEException {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))).claim("groups", java.util.List.of("sb-admins"));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.apply(builder).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static int status(String token) {
        return new AdminClient(gateway, token).send("GET", "/admin/v1/me", null).statusCode();
    }

    @Test
    void aValidTokenWithAMappedGroupSignsInWithThatRole() throws Exception {
        JsonNode me = new AdminClient(gateway, token(signingKey, c -> c)).get("/admin/v1/me");

        assertThat(me.path("role").asText()).isEqualTo("org_admin");
        assertThat(me.path("org_id").asText()).isEqualTo(ORG);
        assertThat(me.path("subject").asText()).isEqualTo("oidc:alice");
    }

    @Test
    void aTeamGrantActsInItsTeam() throws Exception {
        JsonNode me = new AdminClient(gateway, token(signingKey, c -> c.claim("groups", java.util.List.of("everyone", "payments-devs")))).get("/admin/v1/me");

        assertThat(me.path("role").asText()).isEqualTo("team_admin");
        assertThat(me.path("team_id").asText()).isEqualTo("team_payments");
    }

    @Test
    void theStrongestMappedGrantWins() throws Exception {
        String token = token(signingKey, c -> c.claim("groups", java.util.List.of("sb-auditors", "payments-devs", "sb-admins")));

        assertThat(new AdminClient(gateway, token).get("/admin/v1/me").path("role").asText()).isEqualTo("org_admin");
    }

    @Test
    void aRolesClaimMayBeASingleString() throws Exception {
        String token = token(signingKey, c -> c.claim("groups", "sb-auditors"));

        assertThat(new AdminClient(gateway, token).get("/admin/v1/me").path("role").asText()).isEqualTo("auditor");
    }

    @Test
    void theRoleFromTheTokenIsEnforced() throws Exception {
        String auditor = token(signingKey, c -> c.claim("groups", "sb-auditors"));
        String teamAdmin = token(signingKey, c -> c.claim("groups", "payments-devs"));

        assertThat(new AdminClient(gateway, auditor).send("GET", "/admin/v1/audit", null).statusCode()).isEqualTo(200);
        assertThat(new AdminClient(gateway, teamAdmin).send("GET", "/admin/v1/audit", null).statusCode()).isEqualTo(403);
    }

    @Test
    void aTokenForAnotherAudienceIsRejected() throws Exception {
        assertThat(status(token(signingKey, c -> c.audience("some-other-app")))).isEqualTo(401);
    }

    @Test
    void aTokenFromAnotherIssuerIsRejected() throws Exception {
        assertThat(status(token(signingKey, c -> c.issuer("https://evil.test")))).isEqualTo(401);
    }

    @Test
    void anExpiredTokenIsRejected() throws Exception {
        assertThat(status(token(signingKey, c -> c.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(10))))))).isEqualTo(401);
    }

    @Test
    void aTokenSignedByAnotherKeyUnderTheSameKeyIdIsRejected() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("key-1").generate();

        assertThat(status(token(impostor, c -> c))).isEqualTo(401);
    }

    @Test
    void aTokenWhoseGroupsMapToNoRoleIsForbidden() throws Exception {
        assertThat(status(token(signingKey, c -> c.claim("groups", java.util.List.of("marketing"))))).isEqualTo(403);
    }

    @Test
    void theJwksIsFetchedOnceAndCached() throws Exception {
        for (int i = 0; i < 3; i++) {
            status(token(signingKey, c -> c));
        }

        idp.verify(1, getRequestedFor(urlEqualTo("/jwks")));
    }

    @Test
    void anIncompleteOidcSectionFailsNamingTheField() {
        assertThatThrownBy(() -> OidcSignIn.create(new GatewayConfig.Oidc(ISSUER, AUDIENCE, null, null, ORG, java.util.Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("governance.oidc.jwks_url");
    }

    @Test
    void aTeamRoleWithoutATeamFailsNamingTheMapping() {
        GatewayConfig.Oidc config = new GatewayConfig.Oidc(ISSUER, AUDIENCE, "http://127.0.0.1/jwks", null, ORG,
                java.util.Map.of("devs", GatewayConfig.RoleGrant.of("member")));

        assertThatThrownBy(() -> OidcSignIn.create(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("governance.oidc.roles.devs: role member needs a team");
    }
}
