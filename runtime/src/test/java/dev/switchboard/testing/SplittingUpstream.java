package dev.switchboard.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * An HTTP/1.1 upstream on a real socket that delivers its server-sent event streams the way real
 * providers and networks do, not one event per read as WireMock does: each stream goes out in
 * writes that group one to three events, some of them cut at random bytes (inside an event, a
 * line, a line ending or a UTF-8 character), with short random pauses between writes. And it
 * closes a keep-alive connection that stays idle for {@code idleTimeout}, as Node and uvicorn
 * (vLLM) do after 5 s, so the gateway meets connections closed under it in its pool.
 *
 * <p>The splitting is random but seeded: response {@code n} is cut by {@code Random(seed + n)}.
 * The seed is fresh per run unless {@code -Dswitchboard.split.seed=N} sets it; registered with
 * {@code @RegisterExtension}, this prints it when a test fails, so a failure can be replayed.
 *
 * <p>Responses with a body other than an event stream go out whole, with a {@code Content-Length}.
 */
public final class SplittingUpstream implements AutoCloseable, TestWatcher {
    private final long seed = Long.getLong("switchboard.split.seed", new Random().nextLong());
    private final Duration idleTimeout;
    private final Function<Request, Reply> answers;
    private final ServerSocket server;
    private final AtomicInteger responses = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Semaphore idleCloses = new Semaphore(0);
    private final List<Request> received = new CopyOnWriteArrayList<>();

    /** One request as received. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What the upstream does with a request. */
    public sealed interface Reply {
        /** An answer: an event stream (split and paced) when {@code contentType} is {@code text/event-stream}. */
        record Answer(int status, String contentType, byte[] body) implements Reply {
        }

        /** Writes {@code sent} (possibly nothing) and closes the connection without a complete answer. */
        record HangUp(byte[] sent) implements Reply {
        }

        static Reply stream(String sse) {
            return new Answer(200, "text/event-stream", sse.getBytes(StandardCharsets.UTF_8));
        }

        static Reply json(String json) {
            return new Answer(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * @param idleTimeout how long a kept-alive connection may wait for its next request before this closes it
     * @param answers     decides each request's reply; called on the connection's thread
     */
    public SplittingUpstream(Duration idleTimeout, Function<Request, Reply> answers) {
        this.idleTimeout = idleTimeout;
        this.answers = answers;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("splitting-upstream-accept").start(this::acceptLoop);
    }

    /** A {@code providers:} entry (indented two spaces) named {@code name}, speaking {@code format}, pointing here. */
    public String providerYaml(String name, FakeVendor.Format format, String apiKey) {
        return format.providerYaml(name, "http://127.0.0.1:" + server.getLocalPort(), apiKey);
    }

    /** The requests received so far, in order. */
    public List<Request> received() {
        return List.copyOf(received);
    }

    /** Connections the gateway has opened so far. */
    public int connections() {
        return connections.get();
    }

    /** Waits until this has closed one more idle connection (each close is counted once). */
    public boolean awaitIdleClose(Duration timeout) throws InterruptedException {
        return idleCloses.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.err.println("SplittingUpstream split its streams with seed " + seed + "; replay with -Dswitchboard.split.seed=" + seed);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().name("splitting-upstream-connection").start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Answers requests on one connection until the client closes it, it idles too long, or a reply hangs up. */
    private void serve(Socket socket) {
        boolean idle = false;
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                socket.setSoTimeout((int) idleTimeout.toMillis());
                Request request;
                try {
                    request = readRequest(in);
                } catch (SocketTimeoutException e) {
                    idle = true;
                    return;
                }
                if (request == null) {
                    return;
                }
                socket.setSoTimeout(0);
                received.add(request);
                Random random = new Random(seed + responses.getAndIncrement());
                switch (answers.apply(request)) {
                    case Reply.Answer answer -> write(out, answer, random);
                    case Reply.HangUp hangUp -> {
                        out.write(hangUp.sent());
                        out.flush();
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // The gateway hung up; nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (idle) {
                idleCloses.release();
            }
        }
    }

    /** The next request on the connection, or null when the client closed it first. */
    private static Request readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        if (headers.containsKey("Transfer-Encoding")) {
            throw new IOException("this test upstream reads only bodies with a Content-Length");
        }
        int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
        return new Request(parts[0], parts[1], headers, in.readNBytes(length));
    }

    /** A CRLF-terminated line without its ending, or null at the end of the stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new IOException("request cut off inside a line");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static void write(OutputStream out, Reply.Answer answer, Random random) throws IOException, InterruptedException {
        boolean stream = answer.contentType().startsWith("text/event-stream");
        String head = "HTTP/1.1 " + answer.status() + " " + (answer.status() < 400 ? "OK" : "Error") + "\r\n"
                + "Content-Type: " + answer.contentType() + "\r\n"
                + (stream ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + answer.body().length + "\r\n")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        if (!stream) {
            out.write(answer.body());
            out.flush();
            return;
        }
        out.flush();
        byte[] body = answer.body();
        int from = 0;
        for (int cut : cuts(body, random)) {
            if (cut == from) {
                continue; // an empty chunk would end the body
            }
            // One HTTP chunk per write: the gateway's reads see the pieces as they were written.
            out.write((Integer.toHexString(cut - from) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, from, cut - from);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            from = cut;
            if (random.nextBoolean()) {
                Thread.sleep(Duration.ofNanos(random.nextLong(2_000_000)));
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Where the writes of {@code body} end, ascending, the last at its end: after every one to
     * three events, plus as many cuts at random bytes as the body has events.
     */
    private static List<Integer> cuts(byte[] body, Random random) {
        List<Integer> eventEnds = new ArrayList<>();
        for (int i = 1; i < body.length; i++) {
            if (body[i] == '\n' && (body[i - 1] == '\n' || (i >= 2 && body[i - 1] == '\r' && body[i - 2] == '\n'))) {
                eventEnds.add(i + 1);
            }
        }
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int e = 0; e < eventEnds.size(); ) {
            e = Math.min(eventEnds.size(), e + 1 + random.nextInt(3));
            cuts.add(eventEnds.get(e - 1));
        }
        for (int i = 0; i < Math.max(1, eventEnds.size()) && body.length > 1; i++) {
            cuts.add(1 + random.nextInt(body.length - 1));
        }
        cuts.add(body.length);
        return List.copyOf(cuts);
    }
}
