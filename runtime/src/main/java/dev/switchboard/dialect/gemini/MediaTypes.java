package dev.switchboard.dialect.gemini;

import java.util.Locale;

/**
 * Media types of files by URL, for Gemini's {@code fileData}, which needs a {@code mimeType}
 * while OpenAI's image URLs carry none. Only the extensions of the formats Gemini reads as images
 * or documents are known; anything else is better rejected than guessed.
 */
final class MediaTypes {

    private MediaTypes() {
    }

    /** The media type the URL's path extension names, or null. The query and fragment are ignored. */
    static String fromUrl(String url) {
        int end = url.length();
        int query = url.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int fragment = url.indexOf('#');
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        int slash = url.lastIndexOf('/', end - 1);
        int dot = url.lastIndexOf('.', end - 1);
        if (dot <= slash) {
            return null;
        }
        return switch (url.substring(dot + 1, end).toLowerCase(Locale.ROOT)) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "pdf" -> "application/pdf";
            default -> null;
        };
    }
}
