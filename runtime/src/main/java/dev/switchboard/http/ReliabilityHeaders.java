package dev.switchboard.http;

import dev.switchboard.config.Durations;
import dev.switchboard.error.ClientText;
import dev.switchboard.error.GatewayException;
import dev.switchboard.reliability.Failure;
import dev.switchboard.reliability.HedgeRule;
import dev.switchboard.reliability.Policies;
import dev.switchboard.reliability.RequestOverrides;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A request's own reliability settings, from headers every SDK can send ({@code default_headers},
 * {@code extra_headers}), so neither protocol's body needs fields its upstream would reject:
 * <ul>
 *   <li>{@code x-switchboard-retries: 0..10}</li>
 *   <li>{@code x-switchboard-timeout: 30s} — the request's deadline</li>
 *   <li>{@code x-switchboard-first-token-timeout: 5s}</li>
 *   <li>{@code x-switchboard-hedge: p95 | 800ms | off}</li>
 *   <li>{@code x-switchboard-fallbacks: model-a, model-b} and
 *       {@code x-switchboard-fallback-on: rate_limit, timeout, ...}</li>
 * </ul>
 */
public final class ReliabilityHeaders {
    public static final String RETRIES = "x-switchboard-retries";
    public static final String TIMEOUT = "x-switchboard-timeout";
    public static final String FIRST_TOKEN_TIMEOUT = "x-switchboard-first-token-timeout";
    public static final String HEDGE = "x-switchboard-hedge";
    public static final String FALLBACKS = "x-switchboard-fallbacks";
    public static final String FALLBACK_ON = "x-switchboard-fallback-on";

    private ReliabilityHeaders() {
    }

    /** @throws GatewayException.InvalidRequest naming the header whose value is wrong */
    public static RequestOverrides read(Context ctx) {
        String retries = ctx.header(RETRIES);
        String timeout = ctx.header(TIMEOUT);
        String firstToken = ctx.header(FIRST_TOKEN_TIMEOUT);
        String hedge = ctx.header(HEDGE);
        String fallbacks = ctx.header(FALLBACKS);
        String fallbackOn = ctx.header(FALLBACK_ON);
        if (retries == null && timeout == null && firstToken == null && hedge == null && fallbacks == null && fallbackOn == null) {
            return RequestOverrides.NONE;
        }
        return new RequestOverrides(retries == null ? null : retries(retries), duration(TIMEOUT, timeout),
                duration(FIRST_TOKEN_TIMEOUT, firstToken), hedge == null ? null : hedge(hedge),
                fallbacks == null ? null : names(fallbacks), fallbackOn == null ? null : conditions(fallbackOn));
    }

    private static int retries(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0 && n <= Policies.MAX_RETRIES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below with the accepted range.
        }
        throw new GatewayException.InvalidRequest(RETRIES + " must be a whole number from 0 to " + Policies.MAX_RETRIES
                + ", was '" + ClientText.quoted(value) + "'.", RETRIES);
    }

    private static Duration duration(String header, String value) {
        if (value == null) {
            return null;
        }
        Duration d = Durations.tryParse(value).orElse(null);
        if (d == null || d.isZero()) {
            throw new GatewayException.InvalidRequest(header + " must be a positive duration such as 800ms or 30s, was '"
                    + ClientText.quoted(value) + "'.", header);
        }
        return d;
    }

    private static HedgeRule hedge(String value) {
        if (value.trim().equals("off")) {
            return RequestOverrides.NO_HEDGE;
        }
        return HedgeRule.parse(value, null).orElseThrow(() -> new GatewayException.InvalidRequest(
                HEDGE + " must be a percentile (p95), a duration (800ms) or off, was '" + ClientText.quoted(value) + "'.", HEDGE));
    }

    private static List<String> names(String value) {
        List<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(name -> ClientText.bounded(FALLBACKS, name, ClientText.MAX_NAME_CHARS)).toList();
        if (names.isEmpty()) {
            throw new GatewayException.InvalidRequest(FALLBACKS + " must list model names separated by commas.", FALLBACKS);
        }
        return names;
    }

    private static Set<Failure> conditions(String value) {
        Set<Failure> on = EnumSet.noneOf(Failure.class);
        for (String name : value.split(",")) {
            Failure failure = Failure.byConfigName(name.trim()).filter(f -> f != Failure.REQUEST_ERROR).orElseThrow(() ->
                    new GatewayException.InvalidRequest(FALLBACK_ON + ": unknown condition '" + ClientText.quoted(name.trim())
                            + "' (expected rate_limit, server_error, timeout, context_window_exceeded or content_policy).", FALLBACK_ON));
            on.add(failure);
        }
        return on;
    }
}
