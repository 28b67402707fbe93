package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.error.GatewayException;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard every gateway handler runs in: an OutOfMemoryError, which admission makes unlikely but
 * cannot rule out (an upstream's answer is not admitted), reaches the client as a 503 in its own
 * error shape, not as Jetty's empty 500. The gateway cannot be made to run out of memory on cue,
 * so a server with the gateway's wiring and a handler that does stands in for it.
 */
class RequestBodiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Javalin server;

    @BeforeEach
    void start() {
        RequestBodies bodies = new RequestBodies(1_000, 1_000);
        server = Javalin.create(javalin -> {
            javalin.router.handlerWrapper(endpoint -> bodies.guard(endpoint.handler));
            javalin.routes.post("/v1/chat/completions", ctx -> {
                bodies.read(ctx);
                throw new OutOfMemoryError("Java heap space");
            });
            javalin.routes.post("/v1/messages", ctx -> {
                throw new OutOfMemoryError("Java heap space");
            });
            javalin.routes.exception(GatewayException.class, ErrorRendering::render);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void an_out_of_memory_error_in_a_handler_is_a_503_in_the_clients_shape() throws Exception {
        HttpResponse<String> openAi = post("/v1/chat/completions", "{}");
        HttpResponse<String> anthropic = post("/v1/messages", "{}", "anthropic-version", "2023-06-01");

        assertThat(openAi.statusCode()).isEqualTo(503);
        assertThat(openAi.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(JSON.readTree(openAi.body()).path("error").path("message").asText())
                .isEqualTo("The gateway ran out of memory for this request; retry shortly, or send a smaller request.");
        assertThat(anthropic.statusCode()).isEqualTo(503);
        JsonNode error = JSON.readTree(anthropic.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("api_error");
    }

    @Test
    void a_request_that_ran_out_of_memory_gives_back_what_its_body_held() throws Exception {
        String nearlyAll = "x".repeat(900);

        for (int i = 0; i < 3; i++) {
            assertThat(post("/v1/chat/completions", nearlyAll).body()).contains("ran out of memory");
        }
    }
}
