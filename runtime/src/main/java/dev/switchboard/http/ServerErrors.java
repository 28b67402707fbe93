package dev.switchboard.http;

import dev.switchboard.pipeline.RequestIds;
import dev.switchboard.dialect.anthropic.AnthropicErrors;
import dev.switchboard.error.ClientText;
import dev.switchboard.error.GatewayException;
import dev.switchboard.dialect.openai.OpenAiErrors;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP server's own error responses, in the client's JSON error shape instead of Jetty's HTML
 * page. Jetty answers some requests before any gateway code runs — a request line or header it
 * cannot parse (400), a URI or a header block over its size limits (414, 431), an HTTP version or
 * transfer coding it does not speak (505, 501) — and calls this handler to write the body. The
 * shape follows {@link ErrorRendering}'s rule: Anthropic's for {@code /v1/messages} and for a
 * request carrying {@code anthropic-version}, when the headers could be read at all; OpenAI's
 * otherwise. Every such response gets a fresh {@code x-request-id}, like every other response.
 */
public final class ServerErrors extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        int headerBytes = request.getConnectionMetaData().getHttpConfiguration().getRequestHeaderSize();
        GatewayException error = new GatewayException.MalformedHttp(status,
                message(status, (String) request.getAttribute(ERROR_MESSAGE), headerBytes));
        String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null ? "" : request.getHttpURI().getPath();
        byte[] body = Clients.speaksAnthropic(path, request.getHeaders().get("anthropic-version"))
                ? AnthropicErrors.body(error) : OpenAiErrors.body(error);
        response.getHeaders().put(JSON);
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        response.getHeaders().put("x-request-id", RequestIds.generate());
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static String message(int status, String reason, int headerBytes) {
        return switch (status) {
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 ->
                    "The request's header fields are too large: the request line and headers may take at most " + headerBytes + " bytes.";
            case HttpStatus.URI_TOO_LONG_414 -> "The request URI is too long: the request line may take at most " + headerBytes + " bytes.";
            default -> "The request is not valid HTTP"
                    + (reason == null || reason.isBlank() ? "" : ": " + ClientText.quoted(reason)) + ".";
        };
    }
}
