package dev.switchboard.error;

/**
 * How much of a client's text the gateway keeps or repeats. A value it stores or logs — a model
 * name (usage ledger, log line, 404 message), a user id, a tag, the name of an admin record — is
 * refused with a 400 when longer than its limit, never cut: a shortened name would quietly count
 * usage against another. A value quoted in an error message is cut to a short prefix, so a
 * megabyte of bad input is never sent back.
 */
public final class ClientText {
    /**
     * Model names, user ids, tags and the names of admin records. Four times the longest model id
     * of the catalog (73 characters); Anthropic caps {@code metadata.user_id} at the same 256.
     */
    public static final int MAX_NAME_CHARS = 256;
    // Enough to recognise a value in a message, short enough that a message stays one line.
    private static final int QUOTED_CHARS = 64;

    private ClientText() {
    }

    /**
     * {@code value} when it has at most {@code maxChars} characters (or is null).
     *
     * @throws GatewayException.InvalidRequest naming {@code field} and the limit; the value itself is
     *                                         not repeated, as it may be a secret (a provider key)
     */
    public static String bounded(String field, String value, int maxChars) {
        if (value != null && value.length() > maxChars) {
            throw new GatewayException.InvalidRequest("'" + field + "' is " + value.length() + " characters long; at most "
                    + maxChars + " are allowed.", field);
        }
        return value;
    }

    /** {@code value} to quote in an error message: whole when short, else its start and its length. */
    public static String quoted(String value) {
        if (value.length() <= QUOTED_CHARS) {
            return value;
        }
        return value.substring(0, QUOTED_CHARS) + "... (" + value.length() + " characters)";
    }
}
