package dev.switchboard.governance.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.governance.identity.Role;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Admin sign-in with an identity provider's JWTs (OpenID Connect). A token is accepted when its
 * signature verifies against a key from the provider's JWKS (fetched once and cached by
 * nimbus-jose-jwt, refreshed when a token names an unknown key id) and its {@code iss},
 * {@code aud} and {@code exp} check out; the values of the roles claim are then mapped to grants
 * in the configured organisation, and the strongest wins.
 *
 * <p>Strength, strongest first: org_admin, team_admin, auditor, member. A team grant acts in its
 * team only, so a user in two teams' groups acts in the stronger grant's team.
 */
final class OidcSignIn {
    /** A role the token gives, with the team it applies to (null for org-wide roles). */
    record Grant(Role role, String teamId) {
    }

    /** The token itself is not acceptable (signature, issuer, audience, expiry, format). */
    static final class RejectedToken extends Exception {
        RejectedToken(String message) {
            super(message, null, false, false);
        }
    }

    private static final List<Role> STRENGTH = List.of(Role.ORG_ADMIN, Role.TEAM_ADMIN, Role.AUDITOR, Role.MEMBER);
    // Signing algorithms identity providers use; "none" and the HMAC family (a shared secret, not a JWKS) are never accepted.
    private static final Set<JWSAlgorithm> ALGORITHMS = union(JWSAlgorithm.Family.RSA, JWSAlgorithm.Family.EC);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String rolesClaim;
    private final String orgId;
    private final Map<String, Grant> grants;

    private OidcSignIn(JWKSource<SecurityContext> keys, String issuer, String audience, String rolesClaim, String orgId,
                       Map<String, Grant> grants) {
        this.rolesClaim = rolesClaim;
        this.orgId = orgId;
        this.grants = grants;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"), Set.of()));
    }

    /** @throws ConfigException naming the field when the {@code governance.oidc} section is incomplete or wrong */
    static OidcSignIn create(GatewayConfig.Oidc config) {
        String prefix = "governance.oidc.";
        require(config.issuer(), prefix + "issuer");
        require(config.audience(), prefix + "audience");
        require(config.jwksUrl(), prefix + "jwks_url");
        require(config.org(), prefix + "org");
        URL jwks;
        try {
            jwks = URI.create(config.jwksUrl()).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new ConfigException(prefix + "jwks_url: not a URL: '" + config.jwksUrl() + "'");
        }
        Map<String, Grant> grants = new LinkedHashMap<>();
        config.roles().forEach((value, grant) -> {
            String field = prefix + "roles." + value;
            Role role = Role.fromWire(grant.role() == null ? "" : grant.role()).orElseThrow(() -> new ConfigException(
                    field + ": unknown role '" + grant.role() + "'; expected org_admin, team_admin, member or auditor"));
            boolean teamRole = role == Role.TEAM_ADMIN || role == Role.MEMBER;
            if (teamRole != (grant.team() != null)) {
                throw new ConfigException(field + (teamRole ? ": role " + role.wireName() + " needs a team"
                        : ": role " + role.wireName() + " is org-wide and takes no team"));
            }
            grants.put(value, new Grant(role, grant.team()));
        });
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwks).retrying(true).build();
        return new OidcSignIn(keys, config.issuer(), config.audience(), config.rolesClaim(), config.org(), grants);
    }

    String orgId() {
        return orgId;
    }

    /** Verifies a token; the claims of an acceptable one. */
    JWTClaimsSet verify(String token) throws RejectedToken {
        try {
            return processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new RejectedToken(e.getMessage());
        }
    }

    /** The strongest grant the token's roles claim maps to; empty when none of its values is mapped. */
    Optional<Grant> grant(JWTClaimsSet claims) {
        Object value = claims.getClaim(rolesClaim);
        List<?> values = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
        return values.stream().map(v -> grants.get(String.valueOf(v))).filter(g -> g != null)
                .min(Comparator.comparingInt(g -> STRENGTH.indexOf(g.role())));
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(field + ": required when governance.oidc is set");
        }
    }

    private static Set<JWSAlgorithm> union(Set<JWSAlgorithm> a, Set<JWSAlgorithm> b) {
        Set<JWSAlgorithm> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
