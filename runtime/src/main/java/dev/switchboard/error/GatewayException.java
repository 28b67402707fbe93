package dev.switchboard.error;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every failure the gateway reports to a client. The hierarchy is closed so that each client
 * dialect's error mapper (OpenAI JSON today) switches over it exhaustively; whether a failure is
 * worth retrying on another deployment is a property of its type, never of its message.
 *
 * <p>Messages are written for the API caller: they name the offending field or value but never
 * contain credentials or upstream URLs with secrets.
 */
public sealed abstract class GatewayException extends RuntimeException {

    private GatewayException(String message) {
        super(message, null, false, false);
    }

    /** HTTP status the client sees. */
    public abstract int status();

    /** True when another attempt, on the same or another deployment, may succeed. */
    public boolean retryable() {
        return false;
    }

    /** 400: the request body or a parameter is malformed. */
    public static final class InvalidRequest extends GatewayException {
        private final String param;

        public InvalidRequest(String message, String param) {
            super(message);
            this.param = param;
        }

        public InvalidRequest(String message) {
            this(message, null);
        }

        public Optional<String> param() {
            return Optional.ofNullable(param);
        }

        @Override
        public int status() {
            return 400;
        }
    }

    /** 401: a gateway key is required and was missing or wrong. */
    public static final class Unauthorized extends GatewayException {
        public Unauthorized(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 401;
        }
    }

    /** 403: the caller is known but may not do this (a model outside its key's or team's list, an admin action beyond its role). */
    public static final class Forbidden extends GatewayException {
        public Forbidden(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 403;
        }
    }

    /**
     * 402: a spending budget of the key, its team or its organisation cannot cover the request's
     * largest possible cost. Not retryable: the budget frees up only when its period resets or
     * in-flight requests settle.
     */
    public static final class BudgetExceeded extends GatewayException {
        public BudgetExceeded(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 402;
        }
    }

    /**
     * 429: the caller's own request or token rate limit is spent (the gateway's limit, not an
     * upstream's). The rate-limit headers travel with it.
     */
    public static final class RateLimited extends GatewayException {
        private final Duration retryAfter;
        private final java.util.Map<String, String> headers;

        /** @param headers the {@code x-ratelimit-*} headers to send with the error */
        public RateLimited(String message, Duration retryAfter, java.util.Map<String, String> headers) {
            super(message);
            this.retryAfter = retryAfter;
            this.headers = java.util.Map.copyOf(headers);
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        public java.util.Map<String, String> headers() {
            return headers;
        }

        @Override
        public int status() {
            return 429;
        }
    }

    /** 404: no model, alias or deployment answers to the requested name. */
    public static final class ModelNotFound extends GatewayException {
        private final String model;
        private final List<String> suggestions;

        /**
         * @param suggestions names the gateway serves that are close to {@code model}
         * @param remedy      a sentence on what would make the gateway serve {@code model} (e.g. the
         *                    key variable that enables a provider of it); null when nothing is known
         */
        public ModelNotFound(String model, List<String> suggestions, String remedy) {
            super(describe(model, suggestions, remedy));
            this.model = model;
            this.suggestions = List.copyOf(suggestions);
        }

        private static String describe(String model, List<String> suggestions, String remedy) {
            String message = "The model '" + model + "' does not exist or no configured provider serves it."
                    + (remedy == null ? "" : " " + remedy);
            return suggestions.isEmpty() ? message : message + " Did you mean: " + String.join(", ", suggestions) + "?";
        }

        public String model() {
            return model;
        }

        public List<String> suggestions() {
            return suggestions;
        }

        @Override
        public int status() {
            return 404;
        }
    }

    /** 404: no endpoint at this path; names the endpoints of the API the path was meant for (admin or {@code /v1}). */
    public static final class UnknownEndpoint extends GatewayException {
        public UnknownEndpoint(String method, String path) {
            super("Unknown request URL: " + method + " " + path + ". " + (path.startsWith("/admin/")
                    ? "The admin API serves /admin/v1/me, /admin/v1/orgs, /admin/v1/teams, /admin/v1/users, /admin/v1/keys,"
                            + " /admin/v1/usage, /admin/v1/audit and /admin/v1/ledger, and the resources under them."
                    : "Switchboard serves /v1/chat/completions, /v1/messages, /v1/embeddings and /v1/models."));
        }

        @Override
        public int status() {
            return 404;
        }
    }

    /**
     * 404: an admin resource (organisation, team, user, key, budget, ...) does not exist, or lies
     * outside the caller's organisation: the two are answered alike so ids do not leak existence.
     */
    public static final class NotFound extends GatewayException {
        public NotFound(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 404;
        }
    }

    /** 409: the change would duplicate a name that must be unique (an organisation, a team in its organisation, a user's e-mail). */
    public static final class Conflict extends GatewayException {
        public Conflict(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 409;
        }
    }

    /**
     * The HTTP server could not read the request at all, before any endpoint saw it: a malformed
     * request line or header (400), a URI or header block over the server's size limits (414, 431).
     */
    public static final class MalformedHttp extends GatewayException {
        private final int status;

        public MalformedHttp(int status, String message) {
            super(message);
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }
    }

    /** 415: an uploaded file of a type the endpoint cannot read; the message names the supported ones. */
    public static final class UnsupportedMediaType extends GatewayException {
        public UnsupportedMediaType(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 415;
        }
    }

    /** 413: the request body is larger than the configured limit. */
    public static final class PayloadTooLarge extends GatewayException {
        public PayloadTooLarge(long limitBytes) {
            super("Request body exceeds the limit of " + limitBytes + " bytes.");
        }

        @Override
        public int status() {
            return 413;
        }
    }

    /**
     * The upstream answered with an error of its own. Its status and message are relayed as they
     * are, so a caller sees the provider's reason (bad parameter, context too long, ...).
     */
    public static final class UpstreamRejected extends GatewayException {
        private final int status;
        private final String type;
        private final String param;
        private final String code;
        private final Duration retryAfter;

        public UpstreamRejected(int status, String message, String type, String param, String code, Duration retryAfter) {
            super(message);
            this.status = status;
            this.type = type;
            this.param = param;
            this.code = code;
            this.retryAfter = retryAfter;
        }

        /** The request field the upstream blamed, when it named one. */
        public Optional<String> param() {
            return Optional.ofNullable(param);
        }

        public Optional<String> type() {
            return Optional.ofNullable(type);
        }

        public Optional<String> code() {
            return Optional.ofNullable(code);
        }

        /** The upstream's {@code Retry-After}, when it sent one. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        @Override
        public int status() {
            return status;
        }

        /** Rate limits and server-side failures may pass; anything the request caused will not. */
        @Override
        public boolean retryable() {
            return status == 408 || status == 429 || status >= 500;
        }
    }

    /**
     * 502: the upstream refused the credential the gateway sent (its 401 or 403). That credential is
     * the gateway's own key for the provider, or the caller's team's stored key (BYOK); either way
     * the caller's key to the gateway is not the problem, so the caller must not see a 401 that
     * its SDK would report as its own key being wrong. The message names the provider and
     * deployment, never the key.
     *
     * <p>Retryable with the gateway's key (another deployment may hold a good one), not with a
     * team's: the team's key goes to every deployment of that provider alike.
     */
    public static final class UpstreamCredentialsRejected extends GatewayException {
        private final boolean teamKey;

        /**
         * @param deployment     {@code provider/model}
         * @param teamKey        whether the rejected key was the caller's team's own (BYOK)
         * @param upstreamStatus the upstream's 401 or 403
         */
        public UpstreamCredentialsRejected(String provider, String deployment, boolean teamKey, int upstreamStatus) {
            super(teamKey
                    ? "Provider '" + provider + "' rejected your team's stored key for it (HTTP " + upstreamStatus
                            + ") when calling deployment '" + deployment + "'. A team admin must replace that key"
                            + " (PUT /admin/v1/teams/{team_id}/credentials/" + provider + ") or delete it to use the gateway's."
                    : "Provider '" + provider + "' rejected the gateway's credentials (HTTP " + upstreamStatus
                            + ") when calling deployment '" + deployment + "'. Your API key is not the problem:"
                            + " the gateway's operator must fix its key for '" + provider + "'.");
            this.teamKey = teamKey;
        }

        /** Whether the rejected key was the caller's team's own (BYOK) rather than the gateway's. */
        public boolean teamKey() {
            return teamKey;
        }

        @Override
        public int status() {
            return 502;
        }

        @Override
        public boolean retryable() {
            return !teamKey;
        }
    }

    /** 502: the upstream could not be reached or sent something that is not its protocol. */
    public static final class UpstreamUnavailable extends GatewayException {
        public UpstreamUnavailable(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 502;
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** 504: the upstream did not answer within the deployment's timeout. */
    public static final class UpstreamTimeout extends GatewayException {
        public UpstreamTimeout(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 504;
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** 503: the server is shutting down, not yet ready, or short of memory for the request right now. */
    public static final class Unavailable extends GatewayException {
        private final Duration retryAfter;

        public Unavailable(String message) {
            this(message, null);
        }

        /** @param retryAfter when trying again may succeed, sent as {@code Retry-After}; null when not known */
        public Unavailable(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        @Override
        public int status() {
            return 503;
        }
    }
}
