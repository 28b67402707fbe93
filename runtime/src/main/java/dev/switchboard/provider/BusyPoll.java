package dev.switchboard.provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/**
 * Upstream sockets whose reads, while the gateway is quiet, poll for the answer for a short while
 * before blocking on it.
 *
 * <p>Why: a read on a virtual thread that finds no data parks the thread. When the answer arrives
 * the JDK wakes its poller thread, which unparks the virtual thread, which wakes a carrier thread to
 * run it. On a small virtual machine each wake-up costs tens of microseconds: together, as much as
 * a fast local upstream takes to answer (docs/benchmarks.md, "Where the added latency went"). A
 * polling read sees the answer the moment it lands, with no wake-up at all.
 *
 * <p>Polling holds a core, so it is done only where it takes nothing from other work: while the
 * read's call is the only upstream call in flight, and by one read at a time. Once a second call
 * starts, the polling read blocks at once; a busy gateway never polls. Streams never poll: a
 * model's tokens arrive tens of milliseconds apart, and on a small machine a polling relay would
 * hold the core its own client needs to take the last piece. A hosted upstream's answer takes far
 * longer than the poll, which then costs one short burst of otherwise idle CPU per call.
 *
 * <p>The sockets also count the bytes each thread reads from upstreams
 * ({@link #bytesReadOnThisThread}). OkHttp reads an HTTP/1 response on the calling thread, so the
 * count tells a failed call whether any byte of its answer had arrived ({@link StaleConnectionRetry}).
 */
final class BusyPoll extends SocketFactory {
    private final long pollNanos;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicBoolean polling = new AtomicBoolean();
    private final ThreadLocal<long[]> bytesRead = ThreadLocal.withInitial(() -> new long[1]);

    /** @param poll how long a read polls before it blocks; zero turns polling off */
    BusyPoll(Duration poll) {
        this.pollNanos = poll.toNanos();
    }

    /**
     * An upstream call starts: while it is the only one in flight and not a stream, its reads may poll.
     *
     * @return ends the call; running it again does nothing
     */
    Runnable callStarted(boolean streaming) {
        AtomicInteger counter = streaming ? streams : calls;
        counter.incrementAndGet();
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                counter.decrementAndGet();
            }
        };
    }

    /** Whether a read starting now may poll: polling is on, and the one upstream call in flight, if any, is not a stream. */
    boolean quiet() {
        return pollNanos > 0 && calls.get() <= 1 && streams.get() == 0;
    }

    /** Whether a read is polling at this moment. */
    boolean polling() {
        return polling.get();
    }

    /** Bytes this thread has read from upstream sockets so far: compare two readings to see whether any arrived between them. */
    long bytesReadOnThisThread() {
        return bytesRead.get()[0];
    }

    @Override
    public Socket createSocket() {
        return new PollingSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new PollingSocket(), null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new PollingSocket(), new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new PollingSocket(), null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new PollingSocket(), new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
    }

    private static Socket connected(Socket socket, SocketAddress local, SocketAddress remote) throws IOException {
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }

    /** OkHttp connects the socket itself and reads through {@link #getInputStream} (TLS layers on top of it). */
    private final class PollingSocket extends Socket {
        private InputStream input;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new PollingInput(super.getInputStream());
            }
            return input;
        }
    }

    private final class PollingInput extends FilterInputStream {
        PollingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                bytesRead.get()[0]++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len > 0 && quiet() && polling.compareAndSet(false, true)) {
                try {
                    poll();
                } finally {
                    polling.set(false);
                }
            }
            int n = in.read(b, off, len);
            if (n > 0) {
                bytesRead.get()[0] += n;
            }
            return n;
        }

        /** Returns when data (or the end of the stream) can be read, the poll is over, or the gateway got busy. */
        private void poll() throws IOException {
            // Real time, not the gateway's Ticker: the poll spends a core against a real socket, whatever time tests pretend.
            long deadline = System.nanoTime() + pollNanos;
            while (in.available() == 0 && System.nanoTime() - deadline < 0 && quiet()) {
                Thread.onSpinWait();
            }
        }
    }
}
