package dev.switchboard.reliability;

import dev.switchboard.error.GatewayException;
import dev.switchboard.usage.AttemptResult;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Why an attempt failed, in the terms fallback conditions are written in. Classification looks at
 * the error's type and status first and at the vendor's code and message only to tell a
 * context-window or content-policy rejection from any other 400, because vendors signal those two
 * in words (OpenAI {@code context_length_exceeded}, Anthropic "prompt is too long", Gemini "input
 * token count exceeds", Azure {@code content_filter}).
 */
public enum Failure {
    /** 429: the deployment is over its rate or token limit. */
    RATE_LIMIT("rate_limit"),
    /** 5xx, a connection that failed or broke, an answer that is not the vendor's protocol. */
    SERVER_ERROR("server_error"),
    /** No answer (or no first token) within the time allowed. */
    TIMEOUT("timeout"),
    /** The prompt does not fit the model's context window: a larger-context model may take it. */
    CONTEXT_WINDOW_EXCEEDED("context_window_exceeded"),
    /** The vendor's safety system refused the request or the answer. */
    CONTENT_POLICY("content_policy"),
    /** Anything else the request itself caused: no other attempt would fare better. */
    REQUEST_ERROR("request_error");

    /** What a fallback without an explicit {@code on:} list reacts to: the deployment, not the request, failed. */
    public static final Set<Failure> AVAILABILITY = Set.copyOf(EnumSet.of(RATE_LIMIT, SERVER_ERROR, TIMEOUT));

    private static final Pattern CONTEXT_WINDOW = Pattern.compile(
            "context[ _]length|context[ _]window|maximum context|prompt is too long|too many tokens"
                    + "|input token count.*exceeds|reduce the length|exceeds the maximum number of tokens");
    private static final Pattern CONTENT_POLICY_WORDS = Pattern.compile(
            "content[ _]policy|content[ _]filter|content management policy|safety system|responsible ?ai");

    private final String configName;

    Failure(String configName) {
        this.configName = configName;
    }

    /** The name used in config ({@code on: [rate_limit, timeout]}), headers and usage records. */
    public String configName() {
        return configName;
    }

    public static Optional<Failure> byConfigName(String name) {
        return Arrays.stream(values()).filter(f -> f.configName.equals(name)).findFirst();
    }

    /** What an attempt that failed this way is recorded as. */
    public AttemptResult result() {
        return switch (this) {
            case RATE_LIMIT -> AttemptResult.RATE_LIMIT;
            case SERVER_ERROR -> AttemptResult.SERVER_ERROR;
            case TIMEOUT -> AttemptResult.TIMEOUT;
            case CONTEXT_WINDOW_EXCEEDED -> AttemptResult.CONTEXT_WINDOW_EXCEEDED;
            case CONTENT_POLICY -> AttemptResult.CONTENT_POLICY;
            case REQUEST_ERROR -> AttemptResult.REQUEST_ERROR;
        };
    }

    /** True when the same request may succeed on another attempt at the same model. */
    public boolean retryable() {
        return AVAILABILITY.contains(this);
    }

    /** True when the failure says the deployment is unhealthy, so its circuit breaker counts it. */
    public boolean blamesDeployment() {
        return this == SERVER_ERROR || this == TIMEOUT;
    }

    public static Failure of(GatewayException error) {
        return switch (error) {
            case GatewayException.UpstreamTimeout e -> TIMEOUT;
            case GatewayException.UpstreamUnavailable e -> SERVER_ERROR;
            case GatewayException.Unavailable e -> SERVER_ERROR;
            case GatewayException.UpstreamRejected e -> ofRejection(e);
            // The gateway's key may be good on another deployment, and a deployment with a bad key fails every call.
            // A team's key is no fault of the deployment, which serves every other team: its breaker must not open.
            case GatewayException.UpstreamCredentialsRejected e -> e.teamKey() ? REQUEST_ERROR : SERVER_ERROR;
            default -> REQUEST_ERROR;
        };
    }

    private static Failure ofRejection(GatewayException.UpstreamRejected e) {
        int status = e.status();
        if (status == 429) {
            return RATE_LIMIT;
        }
        if (status == 408 || status == 504) {
            return TIMEOUT;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        String words = (e.code().orElse("") + " " + e.type().orElse("") + " " + e.getMessage()).toLowerCase(Locale.ROOT);
        if (status == 400 || status == 413 || status == 422) {
            if (CONTEXT_WINDOW.matcher(words).find()) {
                return CONTEXT_WINDOW_EXCEEDED;
            }
            if (CONTENT_POLICY_WORDS.matcher(words).find()) {
                return CONTENT_POLICY;
            }
        }
        return REQUEST_ERROR;
    }
}
