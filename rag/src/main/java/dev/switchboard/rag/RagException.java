package dev.switchboard.rag;

import java.util.Objects;

/**
 * A request the retrieval core refuses, with the kind of refusal that decides its status in any
 * protocol (the runtime maps {@link Kind} to HTTP statuses and error shapes). Messages are written
 * for the caller: they name the offending field or value.
 */
public final class RagException extends RuntimeException {

    /** Why a request was refused. */
    public enum Kind {
        /** A malformed or missing value (HTTP 400). */
        INVALID,
        /** An unknown collection, document or file, or one of another team (HTTP 404). */
        NOT_FOUND,
        /** A name already taken, or a change the collection cannot take in place (HTTP 409). */
        CONFLICT,
        /** A file type no parser reads (HTTP 415). */
        UNSUPPORTED_TYPE,
        /** A file or batch over its size limit (HTTP 413). */
        TOO_LARGE
    }

    private final Kind kind;
    private final String field;

    public RagException(Kind kind, String message, String field) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.field = field;
    }

    public RagException(Kind kind, String message) {
        this(kind, message, null);
    }

    public static RagException invalid(String field, String message) {
        return new RagException(Kind.INVALID, message, field);
    }

    public static RagException notFound(String message) {
        return new RagException(Kind.NOT_FOUND, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
