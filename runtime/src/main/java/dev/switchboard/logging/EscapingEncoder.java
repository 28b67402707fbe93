package dev.switchboard.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's pattern encoder, except that no text an event carries can break its line: control
 * characters in the message and its arguments, MDC values (the request id), exception messages,
 * logger and thread names are written escaped ({@code \n}, {@code \r}, {@code \t}, the rest as a
 * backslash, {@code u} and four hex digits, as in Java). Configured in {@code logback.xml} as the
 * console encoder.
 *
 * <p>Much of what the gateway logs comes from clients — model names, paths, upstream error
 * messages — and a log line is trusted as written by the gateway. A newline in a model name would
 * otherwise forge a line of its own, a NUL or an ANSI escape sequence would reach the file and
 * the terminal. Escaping the event's fields rather than the rendered line keeps the one structure
 * the layout itself adds: a stack trace's lines.
 */
public class EscapingEncoder extends PatternLayoutEncoder {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public byte[] encode(ILoggingEvent event) {
        return super.encode(new EscapedEvent(event));
    }

    /**
     * {@code text} with every C0 and C1 control character, DEL and the Unicode line and paragraph
     * separators escaped; the same string when it has none (null stays null). Backslashes stay as
     * they are: the aim is that data cannot end a line or drive a terminal, and doubling every
     * backslash in JSON or paths would make the common case harder to read.
     */
    static String escape(String text) {
        if (clean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** True when {@code text} is null or has nothing to escape. */
    static boolean clean(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            if (needsEscape(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
