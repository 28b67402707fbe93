package dev.switchboard.governance.admin;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.admin.AdminPrincipal.OrgRole;
import dev.switchboard.governance.admin.AdminPrincipal.PlatformAdmin;
import dev.switchboard.governance.audit.AuditLog;
import dev.switchboard.governance.identity.ApiKey;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.identity.KeySecrets;
import dev.switchboard.governance.identity.User;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Signs in callers of the admin API from {@code Authorization: Bearer <token>}, where the token is
 * the bootstrap admin key, a user's virtual key, or an OIDC JWT. Missing or wrong credentials are
 * 401; a valid credential that grants no admin role (a service key, a token with no mapped group)
 * is 403. Every failure is written to the audit log, synchronously (the admin API is not a hot
 * path), with at most the display prefix of a presented virtual key: a mistyped bootstrap key or a
 * JWT is never copied anywhere.
 */
final class AdminAuth {
    static final String BOOTSTRAP_SUBJECT = "bootstrap-admin";
    private static final String PRINCIPAL = AdminPrincipal.class.getName();

    private final byte[] bootstrapDigest;
    private final IdentityStore identities;
    private final Optional<OidcSignIn> oidc;
    private final AuditLog audit;
    private final Clock clock;

    /** @param bootstrapKey the bootstrap admin key; null or blank when there is none */
    AdminAuth(String bootstrapKey, IdentityStore identities, Optional<OidcSignIn> oidc, AuditLog audit, Clock clock) {
        this.bootstrapDigest = bootstrapKey == null || bootstrapKey.isBlank() ? null : digest(bootstrapKey);
        this.identities = identities;
        this.oidc = oidc;
        this.audit = audit;
        this.clock = clock;
    }

    /** The before-filter of {@code /admin/*}: establishes the principal, or fails the request. */
    void handle(Context ctx) {
        ctx.attribute(PRINCIPAL, authenticate(ctx.path(), ctx.header("Authorization")));
    }

    /** The principal the before-filter established. */
    static AdminPrincipal principal(Context ctx) {
        AdminPrincipal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("admin route reached without the admin sign-in filter");
        }
        return principal;
    }

    AdminPrincipal authenticate(String path, String authorization) {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        if (token.isEmpty()) {
            throw unauthorized(path, null, null, "no credentials",
                    "The admin API needs 'Authorization: Bearer <token>': the bootstrap admin key, a user's key or an OIDC token.");
        }
        if (bootstrapDigest != null && MessageDigest.isEqual(bootstrapDigest, digest(token))) {
            return new PlatformAdmin(BOOTSTRAP_SUBJECT);
        }
        if (token.startsWith(KeySecrets.KEY_PREFIX)) {
            return byKey(path, token);
        }
        if (oidc.isPresent() && token.chars().filter(c -> c == '.').count() == 2) {
            return byToken(path, token, oidc.get());
        }
        throw unauthorized(path, null, null, "unrecognised credentials", "Incorrect admin credentials provided.");
    }

    private AdminPrincipal byKey(String path, String token) {
        String prefix = KeySecrets.displayPrefix(token);
        ApiKey key = identities.keyByHash(KeySecrets.hash(token)).orElseThrow(() ->
                unauthorized(path, null, prefix, "unknown key", "Incorrect API key provided."));
        Instant now = Instant.ofEpochMilli(clock.millis());
        if (!key.liveAt(now)) {
            // The same words as the /v1 key check (KeyAuthenticator) uses for the same key.
            throw key.revokedAt() != null
                    ? unauthorized(path, key.orgId(), prefix, "revoked key", "This API key was revoked.")
                    : unauthorized(path, key.orgId(), prefix, "expired key", "This API key expired at " + key.expiresAt() + ".");
        }
        Optional<User> user = Optional.ofNullable(key.userId()).flatMap(identities::user);
        if (user.isEmpty()) {
            throw forbidden(path, key.orgId(), prefix, "service key",
                    "This key belongs to no user, so it cannot use the admin API. Sign in with a user's key.");
        }
        User u = user.get();
        return new OrgRole("user:" + u.id(), u.orgId(), u.role(), u.teamId(), u.id());
    }

    private AdminPrincipal byToken(String path, String token, OidcSignIn signIn) {
        JWTClaimsSet claims;
        try {
            claims = signIn.verify(token);
        } catch (OidcSignIn.RejectedToken e) {
            throw unauthorized(path, null, null, "rejected token: " + e.getMessage(), "The bearer token was rejected: " + e.getMessage());
        }
        String subject = "oidc:" + claims.getSubject();
        OidcSignIn.Grant grant = signIn.grant(claims).orElseThrow(() ->
                forbidden(path, signIn.orgId(), null, "no role for " + subject, "Your identity provider's groups grant no admin role here."));
        String userId = email(claims).flatMap(email -> identities.userByEmail(signIn.orgId(), email)).map(User::id).orElse(null);
        return new OrgRole(subject, signIn.orgId(), grant.role(), grant.teamId(), userId);
    }

    private static Optional<String> email(JWTClaimsSet claims) {
        Object email = claims.getClaim("email");
        return email instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private GatewayException unauthorized(String path, String orgId, String prefix, String reason, String message) {
        audit.append(AuditLog.authFailureEntry(orgId, path, prefix, reason));
        return new GatewayException.Unauthorized(message);
    }

    private GatewayException forbidden(String path, String orgId, String prefix, String reason, String message) {
        audit.append(AuditLog.authFailureEntry(orgId, path, prefix, reason));
        return new GatewayException.Forbidden(message);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
