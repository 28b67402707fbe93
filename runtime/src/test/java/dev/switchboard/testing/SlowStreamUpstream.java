package dev.switchboard.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible upstream that streams {@code chunks} content chunks, one per {@code interval},
 * then {@code [DONE]}; it notices when the gateway hangs up mid-stream. WireMock cannot pace a
 * stream like a model does, nor tell a test that its client went away.
 */
public final class SlowStreamUpstream implements AutoCloseable {
    private final HttpServer server;
    private final CountDownLatch abandoned = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);

    public SlowStreamUpstream(int chunks, Duration interval) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            started.countDown();
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < chunks; i++) {
                    write(out, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w" + i + " \"},\"finish_reason\":null}]}\n\n");
                    Thread.sleep(interval);
                }
                write(out, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":" + chunks + "}}\n\n");
                write(out, "data: [DONE]\n\n");
            } catch (IOException e) {
                abandoned.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    private static void write(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /**
     * Sends {@code body}, a streaming chat request to a model served by this upstream, through
     * {@code gateway} over a plain socket, and returns the socket once the stream's first chunk has
     * arrived: the request is then in flight, and closing the socket is a client leaving mid-stream.
     */
    public static Socket streamInFlight(RunningGateway gateway, String body) throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.gateway().port());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.contains("\"w0 \"")) {
            // Read past the head until the first content chunk arrived.
        }
        if (line == null) {
            socket.close();
            throw new IOException("the stream ended before its first chunk");
        }
        return socket;
    }

    /** Counts down when the gateway closed the connection before the stream ended. */
    public CountDownLatch abandoned() {
        return abandoned;
    }

    /** Counts down when the first stream began. */
    public CountDownLatch started() {
        return started;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
