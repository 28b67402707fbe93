package dev.switchboard.http;

import dev.switchboard.error.GatewayException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body within the configured size limit, refusing early when the declared length is already too large. */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static byte[] read(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw new GatewayException.PayloadTooLarge(limit);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (body.length > limit) {
                throw new GatewayException.PayloadTooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new GatewayException.InvalidRequest("We could not read the body of your request: " + e.getMessage());
        }
    }
}
