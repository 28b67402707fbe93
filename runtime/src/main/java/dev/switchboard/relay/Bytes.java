package dev.switchboard.relay;

/** Byte-level checks that let the relays skip parsing events that cannot matter to them. */
public final class Bytes {
    private Bytes() {
    }

    /** True when {@code needle} occurs in {@code haystack}. */
    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
