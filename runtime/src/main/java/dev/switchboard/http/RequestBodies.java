package dev.switchboard.http;

import dev.switchboard.error.GatewayException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads request bodies into memory within two limits: the size of one body (413) and the bytes
 * the bodies of all requests in flight may hold together (503 with {@code Retry-After}, before the
 * body is read). A request keeps its share until its handler returns, streams included, since
 * that is how long its body stays reachable.
 *
 * <p>Thread-safe; one instance serves every endpoint that reads a body.
 */
public final class RequestBodies {
    /*
     * Why a share of the heap, and why a quarter. A body is not held once: a translated request
     * also holds its parsed tree and the body written for the other vendor, a routed one its
     * rewritten copy, each about the body's size again, besides the upstream's answer. So a body
     * may take three times its size, and the idle gateway keeps about 50 MB live of the launcher's
     * 224 MB heap; four concurrent 30 MB requests ran it out of memory, and clients got empty
     * 500s. A quarter of the heap for bodies leaves three quarters for their copies and the
     * gateway's own state, whatever -Xmx is: under the launcher's heap, six concurrent translated
     * 9 MB requests (54 MB, just under the share of 56 MB) complete. The accounting counts what
     * this class allocates (the body array, and the buffer a body of unknown length grows in), not
     * every copy made later: it bounds the bodies, and through them what their copies can take.
     *
     * The size check comes first, so a request larger than either limit is refused before a byte
     * of it is read: with Content-Length when declared, else as soon as the buffer outgrows it.
     */
    private static final Logger LOG = LoggerFactory.getLogger(RequestBodies.class);
    private static final String HELD = RequestBodies.class.getName() + ".held";
    // A body without Content-Length grows its buffer from here by doubling.
    private static final int FIRST_BUFFER = 64 * 1024;
    // Java arrays stop a little short of Integer.MAX_VALUE.
    private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;
    // What is read and dropped of a refused body so its client sees the answer: more than any limit
    // a client is likely to overshoot by mistake; a client sending beyond it gets the connection closed.
    private static final long LINGER_BYTES = 64L * 1024 * 1024;
    // About one upstream call: how long a body in flight usually holds its share.
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final long maxBodyBytes;
    private final long maxInflightBytes;
    private final AtomicLong inflight = new AtomicLong();

    /**
     * @param maxBodyBytes     the largest body accepted ({@code server.max_body_bytes})
     * @param maxInflightBytes what the bodies of all requests in flight may hold together
     *                         ({@code server.max_inflight_body_bytes}, by default {@link #heapShare()}); a
     *                         single body above it can never fit, so it bounds {@code maxBodyBytes} too
     */
    public RequestBodies(long maxBodyBytes, long maxInflightBytes) {
        this.maxBodyBytes = Math.min(Math.min(maxBodyBytes, maxInflightBytes), LARGEST_ARRAY);
        this.maxInflightBytes = maxInflightBytes;
    }

    /** The default for what bodies in flight may hold: a quarter of the JVM's heap (see the note above). */
    public static long heapShare() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /**
     * The request's body, counted against the bodies in flight until the request ends.
     *
     * @throws GatewayException.PayloadTooLarge when the body is over the size limit
     * @throws GatewayException.Unavailable     when the bodies already in flight leave no room for it
     */
    public byte[] read(Context ctx) {
        Held held = ctx.attribute(HELD);
        if (held == null) {
            held = new Held(inflight, maxInflightBytes);
            ctx.attribute(HELD, held);
        }
        return read(ctx, maxBodyBytes, held);
    }

    /**
     * A body of at most {@code limit} bytes, outside the accounting of bodies in flight: for the
     * admin API, whose bodies are a few fields.
     *
     * @throws GatewayException.PayloadTooLarge when the body is larger
     */
    public static byte[] read(Context ctx, long limit) {
        return read(ctx, Math.min(limit, LARGEST_ARRAY), new Held(new AtomicLong(), Long.MAX_VALUE));
    }

    private static byte[] read(Context ctx, long limit, Held held) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            try {
                if (declared > limit) {
                    throw new GatewayException.PayloadTooLarge(limit);
                }
                return declared < 0 ? readUnsized(in, limit, held) : readSized(in, (int) declared, held);
            } catch (GatewayException.Unavailable | GatewayException.PayloadTooLarge refused) {
                drop(ctx, in);
                throw refused;
            }
        } catch (IOException e) {
            throw new GatewayException.InvalidRequest("We could not read the body of your request: " + e.getMessage());
        }
    }

    private static byte[] readSized(InputStream in, int length, Held held) throws IOException {
        byte[] body = new byte[held.take(length)];
        if (in.readNBytes(body, 0, length) < length) {
            throw new GatewayException.InvalidRequest("The request body ended before its Content-Length of " + length + " bytes.");
        }
        return body;
    }

    /**
     * Reads what is left of a body that will not be kept, into a small buffer that is dropped. A
     * client sends its whole body before it reads the answer; a body left unread makes the server
     * close the connection under it, and the client sees a reset instead of the 413 or 503 (the
     * lingering close of nginx and others, done here because Jetty does not). A client that asked
     * to wait for {@code 100 Continue} has sent nothing yet, and reading would invite it to.
     */
    private static void drop(Context ctx, InputStream in) throws IOException {
        if ("100-continue".equalsIgnoreCase(ctx.header("Expect"))) {
            return;
        }
        byte[] sink = new byte[8192];
        for (long left = LINGER_BYTES, n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0; ) {
            left -= n;
        }
    }

    /** A body sent without Content-Length (chunked): its buffer is counted as it grows. */
    private static byte[] readUnsized(InputStream in, long limit, Held held) throws IOException {
        int cap = (int) (limit + 1);
        byte[] buffer = new byte[held.take(Math.min(FIRST_BUFFER, cap))];
        int length = 0;
        for (int n; (n = in.read(buffer, length, buffer.length - length)) >= 0; ) {
            length += n;
            if (length == cap) {
                throw new GatewayException.PayloadTooLarge(limit);
            }
            if (length == buffer.length) {
                int bigger = (int) Math.min(2L * buffer.length, cap);
                held.take(bigger - buffer.length);
                buffer = Arrays.copyOf(buffer, bigger);
            }
        }
        byte[] body = Arrays.copyOf(buffer, length);
        held.give(buffer.length - length);
        return body;
    }

    /**
     * {@code handler}, giving back what its request held when it returns, and turning an
     * OutOfMemoryError into a 503 in the client's shape: admission keeps bodies within the heap,
     * but an upstream's answer or a copy made on the way can still outgrow it, and then this
     * request gives up rather than the client seeing an empty 500.
     */
    public Handler guard(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (OutOfMemoryError e) {
                LOG.warn("Out of memory handling {} {}: answered 503", ctx.method(), ctx.path());
                throw new GatewayException.Unavailable("The gateway ran out of memory for this request; retry shortly, "
                        + "or send a smaller request.", RETRY_AFTER);
            } finally {
                Held held = ctx.attribute(HELD);
                if (held != null) {
                    held.give(held.bytes);
                }
            }
        };
    }

    /** The bytes one request holds, counted in the total of {@code inflight}; only the request's own thread touches it. */
    private static final class Held {
        private final AtomicLong inflight;
        private final long capacity;
        long bytes;

        Held(AtomicLong inflight, long capacity) {
            this.inflight = inflight;
            this.capacity = capacity;
        }

        /** @return {@code n}, once counted */
        int take(int n) {
            for (long now = inflight.get(); ; now = inflight.get()) {
                if (now + n > capacity) {
                    throw new GatewayException.Unavailable("The gateway is holding as many request bodies as its memory allows ("
                            + capacity + " bytes); retry shortly.", RETRY_AFTER);
                }
                if (inflight.compareAndSet(now, now + n)) {
                    bytes += n;
                    return n;
                }
            }
        }

        void give(long n) {
            inflight.addAndGet(-n);
            bytes -= n;
        }
    }
}
