package dev.switchboard.dialect.openai;

/**
 * A base64 {@code data:} URL, the way OpenAI's dialect carries inline images and files
 * ({@code data:image/png;base64,iVBOR...}). The neutral model keeps media type and bytes apart,
 * because Anthropic and Gemini want them as separate fields.
 */
record DataUrl(String mediaType, String base64) {
    private static final String PREFIX = "data:";
    private static final String BASE64_MARKER = ";base64";

    /**
     * Splits a {@code data:} URL; parameters other than {@code base64} (e.g. {@code charset}) are
     * dropped, since no vendor's inline-media field has room for them.
     *
     * @return null when {@code url} is not a base64 data URL with a media type
     */
    static DataUrl parse(String url) {
        if (!url.startsWith(PREFIX)) {
            return null;
        }
        int comma = url.indexOf(',', PREFIX.length());
        if (comma < 0 || !url.startsWith(BASE64_MARKER, comma - BASE64_MARKER.length())) {
            return null;
        }
        int semicolon = url.indexOf(';', PREFIX.length());
        if (semicolon == PREFIX.length()) {
            return null;
        }
        return new DataUrl(url.substring(PREFIX.length(), semicolon), url.substring(comma + 1));
    }

    static boolean isDataUrl(String url) {
        return url.startsWith(PREFIX);
    }

    static String format(String mediaType, String base64) {
        return PREFIX + mediaType + BASE64_MARKER + "," + base64;
    }
}
