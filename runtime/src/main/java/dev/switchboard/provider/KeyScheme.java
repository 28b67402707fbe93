package dev.switchboard.provider;

import java.util.Objects;

/**
 * How a vendor takes its API key and says it refused one.
 *
 * @param header        the header that carries the key, e.g. {@code Authorization}
 * @param prefix        what goes before the key in it, e.g. {@code "Bearer "}; {@code ""} for the bare key
 * @param refusalReason for a vendor that refuses a key with a 400 instead of a 401 or 403 (Gemini), the
 *                      reason its error body names then (e.g. {@code API_KEY_INVALID}); null for none
 */
public record KeyScheme(String header, String prefix, String refusalReason) {
    /** {@code Authorization: Bearer <key>}: OpenAI and every vendor compatible with it. */
    public static final KeyScheme BEARER = new KeyScheme("Authorization", "Bearer ", null);

    public KeyScheme {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(prefix, "prefix");
    }

    /** The bare key in a header of the vendor's own, refused with a 401 or 403. */
    public static KeyScheme header(String header) {
        return new KeyScheme(header, "", null);
    }

    /** This scheme, for a vendor that refuses a key with a 400 naming {@code reason}. */
    public KeyScheme refusedWith(String reason) {
        return new KeyScheme(header, prefix, reason);
    }
}
