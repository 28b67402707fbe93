package dev.switchboard.provider;

import dev.switchboard.error.GatewayException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one HTTP client every provider shares: Jetty's, chosen over the JDK's by measurement (see
 * docs/benchmarks.md, "Upstream HTTP client choice"). Connections are pooled and kept alive per
 * destination, so a busy gateway pays TCP and TLS set-up once per connection, not per request.
 *
 * <p>{@link #post} blocks the calling (virtual) thread until the upstream's status and headers
 * arrive, then hands the body over as a stream: nothing is buffered here.
 */
public final class UpstreamHttpClient implements AutoCloseable {
    // Many concurrent streams to one vendor each hold a connection for their whole length.
    private static final int MAX_CONNECTIONS_PER_DESTINATION = 1024;

    private final HttpClient client;

    public UpstreamHttpClient(Duration connectTimeout) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("upstream");
        threads.setDaemon(true);
        client = new HttpClient();
        client.setExecutor(threads);
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_DESTINATION);
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the upstream HTTP client", e);
        }
        // Vendors answer a bad key with 401 and no WWW-Authenticate challenge; Jetty's
        // authentication handlers (installed by start()) would fail such a response as a protocol
        // violation instead of handing the vendor's error body over. The gateway answers no challenges.
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
    }

    /**
     * POSTs {@code body} and waits for the response head.
     *
     * @param timeout for a non-streaming call, the whole exchange; for a stream, the wait for the
     *                head and the longest silence between two pieces of the body
     * @throws GatewayException.UpstreamTimeout     when the head does not arrive in time
     * @throws GatewayException.UpstreamUnavailable when the upstream cannot be reached
     */
    public UpstreamResponse post(URI uri, Map<String, String> headers, byte[] body, boolean streaming, Duration timeout) {
        Request request = client.newRequest(uri)
                .method(HttpMethod.POST)
                .headers(h -> headers.forEach(h::put))
                .body(new BytesRequestContent("application/json", body))
                .idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!streaming) {
            request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        try {
            Response response = listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new JettyResponse(response, listener.getInputStream());
        } catch (TimeoutException e) {
            request.abort(e);
            throw timeout(uri, timeout);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new GatewayException.UpstreamUnavailable("Interrupted while waiting for " + host(uri));
        } catch (ExecutionException e) {
            throw translate(e.getCause(), uri, timeout);
        }
    }

    private static GatewayException translate(Throwable cause, URI uri, Duration timeout) {
        if (cause instanceof TimeoutException) {
            return timeout(uri, timeout);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
            return new GatewayException.UpstreamUnavailable("Cannot connect to upstream " + host(uri) + ": " + cause.getMessage());
        }
        String detail = cause == null ? "unknown failure" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new GatewayException.UpstreamUnavailable("Upstream " + host(uri) + " failed: " + detail);
    }

    private static GatewayException timeout(URI uri, Duration timeout) {
        return new GatewayException.UpstreamTimeout("Upstream " + host(uri) + " did not answer within " + timeout.toMillis() + " ms");
    }

    // Only scheme and authority: paths and query strings may carry credentials for some vendors.
    private static String host(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the upstream HTTP client", e);
        }
    }

    private record JettyResponse(Response response, InputStream body) implements UpstreamResponse {
        @Override
        public int status() {
            return response.getStatus();
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(response.getHeaders().get(name));
        }

        @Override
        public void close() {
            try {
                // Closing before the end aborts the exchange and frees the connection.
                body.close();
            } catch (java.io.IOException ignored) {
                // The exchange is being discarded; a failure to close it changes nothing for the caller.
            }
        }
    }
}
