package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PoolHousekeepingTest {
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void connectionsAreReusedAndThoseIdlePastTheKeepAliveAreClosedWithinAPeriod() throws Exception {
        ConnectionPool pool = PoolHousekeeping.pool(8, Duration.ofMillis(300));
        OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        for (int i = 0; i < 3; i++) {
            try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
                assertThat(response.body().string()).isEqualTo("{}");
            }
        }
        assertThat(pool.connectionCount()).as("one kept-alive connection served all three calls").isEqualTo(1);
        assertThat(pool.idleConnectionCount()).isEqualTo(1);

        // Real time: OkHttp stamps a connection's idle start with System.nanoTime() itself, so no fake
        // ticker can age it. The loop waits for the condition, bounded well past keep-alive plus one period.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pool.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(pool.connectionCount()).as("closed once idle past the keep-alive, at the next look").isZero();
    }
}
