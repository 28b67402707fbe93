package dev.switchboard.http.rag;

import dev.switchboard.error.GatewayException;
import dev.switchboard.rag.RagException;

/** The retrieval core's refusals as the gateway's errors, so every API renders them in its own shape. */
public final class RagErrors {
    private RagErrors() {
    }

    public static GatewayException of(RagException e) {
        return switch (e.kind()) {
            case INVALID -> new GatewayException.InvalidRequest(e.getMessage(), e.field());
            case NOT_FOUND -> new GatewayException.NotFound(e.getMessage());
            case CONFLICT -> new GatewayException.Conflict(e.getMessage());
            case UNSUPPORTED_TYPE -> new GatewayException.UnsupportedMediaType(e.getMessage());
            case TOO_LARGE -> new GatewayException.InvalidRequest(e.getMessage(), e.field());
        };
    }
}
