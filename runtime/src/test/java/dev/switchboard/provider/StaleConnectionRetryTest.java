package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.SplittingUpstream;
import dev.switchboard.testing.SplittingUpstream.Reply;
import dev.switchboard.testing.Wire;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream that closes keep-alive connections idle for 200 ms, as Node and uvicorn (vLLM) do
 * after 5 s, behind a gateway that does not retry ({@code retries: 0}): a pooled connection closed
 * under the gateway must cost the client nothing, while a request the upstream may have read is
 * never sent twice.
 */
class StaleConnectionRetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IDLE = Duration.ofMillis(200);
    private static final String CHAT = "{\"model\":\"idle\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final Reply ANSWER = Reply.json(Wire.payload(FakeVendor.Format.OPENAI, "chat-completion.json"));

    private SplittingUpstream upstream;
    private RunningGateway gateway;

    private void start(Function<SplittingUpstream.Request, Reply> answers) {
        start(IDLE, answers);
    }

    private void start(Duration idle, Function<SplittingUpstream.Request, Reply> answers) {
        upstream = new SplittingUpstream(idle, answers);
        gateway = RunningGateway.start("providers:\n" + upstream.providerYaml("node", FakeVendor.Format.OPENAI, "sk-node") + """
                models:
                  idle:
                    deployments: [{provider: node, model: gpt-4o-mini}]
                reliability:
                  retries: 0
                  circuit_breaker: {minimum_calls: 1}
                """);
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void a_pooled_connection_the_upstream_closed_while_idle_no_longer_fails_the_next_request_with_502() throws Exception {
        start(request -> ANSWER);
        assertThat(gateway.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(upstream.awaitIdleClose(Duration.ofSeconds(10))).as("the upstream closed the idle connection").isTrue();

        HttpResponse<String> second = gateway.post("/v1/chat/completions", CHAT);

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-switchboard-attempts")).hasValue("1");
        assertThat(upstream.received()).hasSize(2);
        assertThat(upstream.connections()).isEqualTo(2);
        JsonNode health = health("node/gpt-4o-mini");
        assertThat(health.path("error_rate").asDouble()).isZero();
        assertThat(health.path("breaker_failure_rate").asDouble()).isZero();
    }

    @Test
    void every_pooled_connection_the_upstream_closed_is_passed_over_not_only_the_first() throws Exception {
        int parallel = 3;
        CountDownLatch together = new CountDownLatch(parallel);
        start(request -> {
            // The first requests wait for each other, so each has a connection of its own.
            together.countDown();
            await(together);
            return ANSWER;
        });
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> first = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                first.add(clients.submit(() -> gateway.post("/v1/chat/completions", CHAT)));
            }
            for (Future<HttpResponse<String>> response : first) {
                assertThat(response.get().statusCode()).isEqualTo(200);
            }
        }
        for (int i = 0; i < parallel; i++) {
            assertThat(upstream.awaitIdleClose(Duration.ofSeconds(10))).as("idle close %d", i).isTrue();
        }

        HttpResponse<String> next = gateway.post("/v1/chat/completions", CHAT);

        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(upstream.received()).hasSize(parallel + 1);
        assertThat(health("node/gpt-4o-mini").path("error_rate").asDouble()).isZero();
    }

    @Test
    void a_request_the_upstream_hung_up_on_without_answering_is_sent_once() throws Exception {
        start(request -> new Reply.HangUp(new byte[0]));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", CHAT);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                .isEqualTo("The call to provider 'node' (deployment node/gpt-4o-mini) failed: the connection closed before an answer.");
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void a_pooled_connection_that_broke_after_part_of_an_answer_is_not_retried() {
        List<Reply> replies = new ArrayList<>(List.of(ANSWER, new Reply.HangUp("HTTP/1.1 20".getBytes(StandardCharsets.US_ASCII))));
        // Idle long enough that the second request surely takes the first one's connection, still open.
        start(Duration.ofSeconds(30), request -> replies.remove(0));
        assertThat(gateway.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);

        HttpResponse<String> broken = gateway.post("/v1/chat/completions", CHAT);

        assertThat(broken.statusCode()).isEqualTo(502);
        assertThat(upstream.received()).hasSize(2);
    }

    private JsonNode health(String deployment) throws Exception {
        for (JsonNode d : JSON.readTree(gateway.get("/health/deployments").body()).path("deployments")) {
            if (d.path("deployment").asText().equals(deployment)) {
                return d;
            }
        }
        throw new AssertionError("no health for " + deployment);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
