package dev.switchboard.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A fake OpenAI upstream on 127.0.0.1 and an ephemeral port, answering from precomputed bytes.
 *
 * <p>{@code POST /v1/chat/completions} answers {@link Payloads#COMPLETION};
 * {@code POST /stream/v1/chat/completions} answers {@code text/event-stream} with one write per
 * event of {@link Payloads#SSE_EVENTS}, so the client sees the response arrive in pieces as it
 * would from a real model.
 *
 * <p>Implementation note: a plain Jetty core {@link Handler.Abstract}, no servlet layer, so the
 * server costs as little as possible of the two cores the client under test also needs. The
 * request body is drained asynchronously before answering: leaving it unread would make Jetty
 * close the connection, which would defeat the keep-alive pooling being measured.
 */
final class MockUpstream implements AutoCloseable {

    static final String CHAT_PATH = "/v1/chat/completions";
    static final String STREAM_PATH = "/stream/v1/chat/completions";

    private final Server server;
    private final ServerConnector connector;

    private MockUpstream(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static MockUpstream start() throws Exception {
        var server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        // Jetty closes idle connections after 30 s by default, the JDK client's own keep-alive
        // default. A pooled connection reused just as the server closes it fails the POST
        // ("header parser received no bytes"); that race is real (see docs/benchmarks.md) but
        // not what this benchmark measures, so the mock keeps connections far longer than a run.
        connector.setIdleTimeout(Duration.ofMinutes(10).toMillis());
        server.addConnector(connector);
        server.setHandler(new OpenAiHandler());
        server.start();
        return new MockUpstream(server, connector);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static final class OpenAiHandler extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            boolean stream = STREAM_PATH.equals(Request.getPathInContext(request));
            Content.Source.consumeAll(request, Callback.from(
                    () -> {
                        if (stream) {
                            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
                            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                            writeEvent(response, 0, callback);
                        } else {
                            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Payloads.COMPLETION.length);
                            response.write(true, ByteBuffer.wrap(Payloads.COMPLETION), callback);
                        }
                    },
                    callback::failed));
            return true;
        }

        /** Recursion depth is bounded by the dozen events, so completing writes inline is safe. */
        private static void writeEvent(Response response, int index, Callback done) {
            boolean last = index == Payloads.SSE_EVENTS.size() - 1;
            Callback next = last ? done : Callback.from(() -> writeEvent(response, index + 1, done), done::failed);
            response.write(last, ByteBuffer.wrap(Payloads.SSE_EVENTS.get(index)), next);
        }
    }
}
