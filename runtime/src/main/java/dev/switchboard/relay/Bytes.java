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

    /**
     * A byte string to look for, prepared for Boyer-Moore-Horspool search: a step skips up to the
     * needle's length, so a long needle that is absent (the gateway's own extension field, looked
     * for in every chat request's body) costs a fraction of a byte-by-byte scan. Immutable and
     * thread-safe; prepare once, search often.
     */
    public static final class Needle {
        private final byte[] bytes;
        private final int[] shift = new int[256];

        public Needle(byte[] bytes) {
            if (bytes.length == 0) {
                throw new IllegalArgumentException("an empty needle");
            }
            this.bytes = bytes.clone();
            java.util.Arrays.fill(shift, bytes.length);
            for (int i = 0; i < bytes.length - 1; i++) {
                shift[bytes[i] & 0xff] = bytes.length - 1 - i;
            }
        }

        /** True when the needle occurs in {@code haystack}. */
        public boolean in(byte[] haystack) {
            int n = bytes.length;
            for (int at = 0; at <= haystack.length - n; at += shift[haystack[at + n - 1] & 0xff]) {
                int j = n - 1;
                while (j >= 0 && haystack[at + j] == bytes[j]) {
                    j--;
                }
                if (j < 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
