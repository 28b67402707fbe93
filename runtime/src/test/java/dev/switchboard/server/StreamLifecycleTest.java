package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.SlowStreamUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What happens to a stream when its client leaves, and when the server stops under it. */
class StreamLifecycleTest {
    private static final String STREAM_REQUEST = "{\"model\":\"slow\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}";

    private static String config(SlowStreamUpstream upstream) {
        return """
                server:
                  shutdown_timeout: 20s
                providers:
                  up: {type: openai, base_url: "%s"}
                models:
                  slow:
                    deployments: [{provider: up, model: slow}]
                """.formatted(upstream.baseUrl());
    }

    @Test
    void a_client_that_disconnects_mid_stream_cancels_the_upstream_request() throws Exception {
        try (SlowStreamUpstream upstream = new SlowStreamUpstream(200, Duration.ofMillis(50));
             RunningGateway gateway = RunningGateway.start(config(upstream))) {
            SlowStreamUpstream.streamInFlight(gateway, STREAM_REQUEST).close();

            // 200 chunks at 50 ms would take 10 s: the upstream must be dropped well before that.
            assertThat(upstream.abandoned().await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void a_graceful_stop_lets_an_in_flight_stream_finish() throws Exception {
        try (SlowStreamUpstream upstream = new SlowStreamUpstream(10, Duration.ofMillis(100))) {
            RunningGateway gateway = RunningGateway.start(config(upstream));
            HttpClient client = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                            .POST(HttpRequest.BodyPublishers.ofString(STREAM_REQUEST)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upstream.started().await(5, TimeUnit.SECONDS)).isTrue();

            gateway.close();

            HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"w9 \"").endsWith("data: [DONE]\n\n");
            assertThat(upstream.abandoned().getCount()).isEqualTo(1);
        }
    }
}
