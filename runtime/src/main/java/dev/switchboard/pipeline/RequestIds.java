package dev.switchboard.pipeline;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: the caller's own {@code x-request-id} when it is a sane token (so traces join up
 * across services), otherwise a fresh one: the time in milliseconds, then random digits.
 *
 * <p>Why time first: the id is the usage ledger's primary key. Ids that grow with time are
 * appended at the end of its index, where random ones would each land on a different page of it,
 * so every batch written would rewrite pages all over the index.
 */
public final class RequestIds {
    private static final int MAX_LENGTH = 128;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int ID_LENGTH = 28;
    // Twelve hex digits of milliseconds last until the year 10889; the other twelve are random.
    private static final int TIME_DIGITS = 12;

    private RequestIds() {
    }

    public static String accept(String fromClient) {
        return fromClient != null && isSafe(fromClient) ? fromClient : generate();
    }

    public static String generate() {
        return generate(System.currentTimeMillis());
    }

    /** A fresh id for a request at {@code millis} since the epoch. */
    static String generate(long millis) {
        char[] id = new char[ID_LENGTH];
        "req_".getChars(0, 4, id, 0);
        for (int i = 4 + TIME_DIGITS - 1; i >= 4; i--, millis >>>= 4) {
            id[i] = HEX[(int) (millis & 0xf)];
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 4 + TIME_DIGITS; i < id.length; i++) {
            id[i] = HEX[random.nextInt(16)];
        }
        return new String(id);
    }

    // Only characters that cannot break a log line or a header.
    private static boolean isSafe(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_' && c != '.' && c != ':') {
                return false;
            }
        }
        return true;
    }
}
