package dev.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Two upstreams for a graceful stop that cannot finish: model {@code quick} streams one chunk and
 * ends, model {@code endless} streams for minutes. With {@link #yaml}'s 100 ms shutdown timeout, a
 * stop with an endless stream in flight times out (Jetty's stop ends in a TimeoutException).
 */
public final class OutlastingStream implements AutoCloseable {
    private final SlowStreamUpstream quick;
    private final SlowStreamUpstream endless;

    public OutlastingStream() {
        try {
            quick = new SlowStreamUpstream(1, Duration.ZERO);
            endless = new SlowStreamUpstream(10_000, Duration.ofMillis(50));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code server}, {@code providers} and {@code models} sections of a gateway config. */
    public String yaml() {
        return """
                server:
                  shutdown_timeout: 100ms
                providers:
                  quick: {type: openai, base_url: "%s"}
                  endless: {type: openai, base_url: "%s"}
                models:
                  quick: {deployments: [{provider: quick, model: quick}]}
                  endless: {deployments: [{provider: endless, model: endless}]}
                """.formatted(quick.baseUrl(), endless.baseUrl());
    }

    private static HttpRequest request(String chatCompletionsUrl, String model) {
        return HttpRequest.newBuilder(URI.create(chatCompletionsUrl)).POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}")).build();
    }

    /** Completes a {@code quick} request, then leaves an {@code endless} one in flight; the finished one's response. */
    public HttpResponse<String> finishOneAndStartEndless(String chatCompletionsUrl) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> finished = http.send(request(chatCompletionsUrl, "quick"), HttpResponse.BodyHandlers.ofString());
        http.sendAsync(request(chatCompletionsUrl, "endless"), HttpResponse.BodyHandlers.discarding());
        if (!endless.started().await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the endless stream never reached its upstream");
        }
        return finished;
    }

    @Override
    public void close() {
        quick.close();
        endless.close();
    }
}
