package dev.switchboard.provider;

import dev.switchboard.error.GatewayException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client every provider shares: OkHttp, called synchronously from the request's
 * virtual thread, chosen over Jetty's and the JDK's clients by measurement (see
 * docs/benchmarks.md, "Upstream HTTP client choice"). OkHttp does its socket I/O on the calling
 * thread, so an answer wakes the waiting request directly instead of passing through a selector
 * thread and an executor first; on a small machine those hand-offs cost more than the network.
 * Connections are pooled and kept alive per destination (HTTP/2 where the vendor offers it), so
 * a busy gateway pays TCP and TLS set-up once per connection, not per request. A request that
 * meets a pooled connection the upstream closed while it was idle goes again on a new connection
 * ({@link StaleConnectionRetry}).
 *
 * <p>{@link #post} blocks until the upstream's status and headers arrive, then hands the body over
 * as a stream: nothing is buffered here.
 */
public final class UpstreamHttpClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamHttpClient.class);
    // Idle keep-alive connections kept per gateway: enough for every in-flight request of a busy
    // instance to find a warm connection, instead of OkHttp's default of five.
    private static final int MAX_IDLE_CONNECTIONS = 1024;
    // Below the 5 s after which Node, uvicorn (vLLM) and Apache close an idle keep-alive connection,
    // with room for PoolHousekeeping's lazy clean-up (up to a second late): a connection is rarely
    // taken from the pool just as the server closes it. StaleConnectionRetry covers the rest, and
    // servers with shorter limits. A busy gateway's connections never sit idle this long.
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(3);
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final Watchdog watchdog;
    private final BusyPoll busyPoll;

    /**
     * @param busyPoll how long a read polls for the answer before blocking, while its call is the only one in flight
     *                 and not a stream ({@link BusyPoll}); zero never polls
     * @param watchdog enforces the calls' time limits (OkHttp's own timeouts are off; see {@link CallLimit})
     */
    public UpstreamHttpClient(Duration connectTimeout, Duration busyPoll, Watchdog watchdog) {
        this.watchdog = watchdog;
        this.busyPoll = new BusyPoll(busyPoll);
        client = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .connectionPool(PoolHousekeeping.pool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE))
                .socketFactory(this.busyPoll)
                .followRedirects(false)
                // A retried POST could run (and bill) a generation twice; retries are the gateway's decision,
                // except for a request that failed on a pooled connection before any byte of an answer.
                .retryOnConnectionFailure(false)
                .addInterceptor(new StaleConnectionRetry(this.busyPoll))
                .eventListenerFactory(StaleConnectionRetry.listeners())
                .build();
    }

    /**
     * POSTs {@code body} and waits for the response head.
     *
     * @param upstream names the provider and deployment in error messages, which never show the URL:
     *                 a client need not learn the gateway's internal addresses
     * @param timeout for a non-streaming call, the whole exchange; for a stream, the wait for the
     *                head and the longest silence between two pieces of the body
     * @param control   caps a non-streaming call at the request's deadline; its abort cancels the call
     * @throws GatewayException.UpstreamTimeout     when the head does not arrive in time
     * @throws GatewayException.UpstreamUnavailable when the upstream cannot be reached
     * @throws GatewayException                     the abort's reason, when the call was aborted
     */
    public UpstreamResponse post(URI uri, String upstream, Map<String, String> headers, byte[] body, boolean streaming,
                                 Duration timeout, CallControl control) {
        Request.Builder request = new Request.Builder().url(uri.toString()).post(RequestBody.create(body, JSON));
        headers.forEach(request::header);
        Call call = client.newCall(StaleConnectionRetry.tagged(request));
        Duration limit = streaming ? timeout : control.limit(timeout);
        CallLimit callLimit = streaming ? CallLimit.silence(watchdog, call, limit) : CallLimit.whole(watchdog, call, limit);
        control.onAbort(call::cancel);
        Runnable endCall = busyPoll.callStarted(streaming);
        try {
            return new OkResponse(call.execute(), callLimit, endCall);
        } catch (IOException e) {
            endCall.run();
            callLimit.disarm();
            if (control.abortReason() != null) {
                throw control.abortReason();
            }
            throw callLimit.expired() ? timedOut(upstream, limit) : translate(e, upstream, limit);
        }
    }

    /**
     * The failure as the client is told it. OkHttp's messages name the upstream's address, so they
     * go to the log (for the operator, whose addresses they are) and the client gets the kind of failure.
     */
    private static GatewayException translate(IOException e, String upstream, Duration timeout) {
        if (e instanceof InterruptedIOException) {
            return timedOut(upstream, timeout);
        }
        LOG.warn("The call to {} failed: {}", upstream, e.toString());
        if (e instanceof ConnectException) {
            return new GatewayException.UpstreamUnavailable("Cannot connect to " + upstream + ": connection refused.");
        }
        if (e instanceof UnknownHostException) {
            return new GatewayException.UpstreamUnavailable("Cannot connect to " + upstream + ": unknown host.");
        }
        String what = e instanceof EOFException || e.getCause() instanceof EOFException
                ? "the connection closed before an answer" : e.getClass().getSimpleName();
        return new GatewayException.UpstreamUnavailable("The call to " + upstream + " failed: " + what + ".");
    }

    private static GatewayException.UpstreamTimeout timedOut(String upstream, Duration timeout) {
        return new GatewayException.UpstreamTimeout("No answer from " + upstream + " within " + timeout.toMillis() + " ms.");
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private record OkResponse(Response response, CallLimit limit, Runnable endCall) implements UpstreamResponse {
        @Override
        public int status() {
            return response.code();
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(response.header(name));
        }

        @Override
        public InputStream body() {
            return limit.watch(response.body().byteStream());
        }

        /** Closing before the end closes the connection, which aborts the exchange upstream. */
        @Override
        public void close() {
            limit.disarm();
            endCall.run();
            response.close();
        }
    }
}
