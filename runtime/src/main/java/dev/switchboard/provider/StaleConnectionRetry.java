package dev.switchboard.provider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends a call again, at once, when it failed on a pooled HTTP/1 connection before any byte of an
 * answer arrived: the upstream had closed that connection while it sat idle in the pool.
 *
 * <p>Why: servers close keep-alive connections idle for a few seconds (Node and uvicorn, which
 * serves vLLM, after 5 s). The pool may hand out such a connection before its close is noticed,
 * or the close may cross the request on the wire; the call then fails with "unexpected end of
 * stream" or a reset. That says nothing about the deployment, so it must not reach the failover
 * loop: there it would cost an attempt, count against the circuit breaker, and with retries off
 * become a 502.
 *
 * <p>OkHttp's own {@code retryOnConnectionFailure} stays off: it also resends after failures on
 * new connections, where the upstream may have read the request and started a generation (billing
 * it twice). This retries only the stale case: the connection came from the pool, and the call
 * read nothing from it. A stream whose answer broke off midway is never resent.
 *
 * <p>Each retry either takes another pooled connection, which is retried by the same rule, or
 * opens a new one, whose failure is final: OkHttp never pools a connection that failed, so the
 * loop ends. HTTP/2 is left out: its reads happen on the connection's own thread, out of sight of
 * {@link BusyPoll#bytesReadOnThisThread}, and an HTTP/2 server announces a close (GOAWAY) instead
 * of just closing, so OkHttp does not pick such a connection.
 *
 * <p>An application interceptor: OkHttp runs it on the calling thread, once per call, and lets it
 * proceed more than once. Cancelling the call (a time limit, an abort) stops it.
 */
final class StaleConnectionRetry implements Interceptor {
    private final BusyPoll sockets;

    StaleConnectionRetry(BusyPoll sockets) {
        this.sockets = sockets;
    }

    /** The request tagged so that {@link #listeners} can follow which connection its call gets. */
    static Request tagged(Request.Builder request) {
        return request.tag(ConnectionUse.class, new ConnectionUse()).build();
    }

    /** Gives each call its request's {@link ConnectionUse}: every request is built by {@link #tagged}. */
    static EventListener.Factory listeners() {
        return call -> call.request().tag(ConnectionUse.class);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        ConnectionUse use = chain.request().tag(ConnectionUse.class);
        while (true) {
            use.reset();
            long before = sockets.bytesReadOnThisThread();
            try {
                return chain.proceed(chain.request());
            } catch (IOException e) {
                boolean nothingRead = sockets.bytesReadOnThisThread() == before;
                if (chain.call().isCanceled() || !use.pooledHttp1() || !nothingRead) {
                    throw e;
                }
                // The pooled connection was already closed by the upstream: the request never reached it.
            }
        }
    }

    /** What one try of a call did for a connection: opened one, or took one from the pool (and which protocol it speaks). */
    static final class ConnectionUse extends EventListener {
        private volatile boolean opened;
        private volatile Protocol protocol;

        void reset() {
            opened = false;
            protocol = null;
        }

        /** True when the try used a pooled HTTP/1 connection instead of opening one. */
        boolean pooledHttp1() {
            return !opened && (protocol == Protocol.HTTP_1_1 || protocol == Protocol.HTTP_1_0);
        }

        @Override
        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
            opened = true;
        }

        @Override
        public void connectionAcquired(Call call, Connection connection) {
            protocol = connection.protocol();
        }
    }
}
