package dev.switchboard.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: the caller's own {@code x-request-id} when it is a sane token (so traces join up
 * across services), otherwise a fresh random one.
 */
public final class RequestIds {
    private static final int MAX_LENGTH = 128;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    public static String accept(String fromClient) {
        return fromClient != null && isSafe(fromClient) ? fromClient : generate();
    }

    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[28];
        "req_".getChars(0, 4, id, 0);
        for (int i = 4; i < id.length; i++) {
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
