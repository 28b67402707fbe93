package dev.switchboard.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.testing.RecordedUsage;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.usage.UsageRecord;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole answer the client never reads to its end: the upstream made (and billed) it, so its
 * usage and cost are recorded, but it did not reach the client, so it is a client that went away,
 * not a completed request.
 */
class WholeAnswerClientGoneTest {
    // Far more than the socket buffers between gateway and client hold, so the gateway is still writing when the client leaves.
    private static final int ANSWER_CHARS = 16 << 20;
    private static OpenAiUpstream upstream;
    private static RunningGateway gateway;
    private static final RecordedUsage USAGE = new RecordedUsage();

    @BeforeAll
    static void start() {
        upstream = new OpenAiUpstream();
        upstream.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"big",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":10,"completion_tokens":4000,"total_tokens":4010}}"""
                        .formatted("a".repeat(ANSWER_CHARS)))));
        gateway = RunningGateway.start(upstream.config("big"), USAGE);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void a_whole_answer_whose_client_left_while_it_was_written_is_recorded_as_a_disconnect_with_its_cost() throws Exception {
        String body = "{\"model\":\"big\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String requestId = "whole-answer-client-gone";
        try (Socket socket = new Socket("127.0.0.1", gateway.gateway().port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "x-request-id: " + requestId + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            // Leaves with the answer barely begun.
        }

        UsageRecord record = USAGE.of(requestId);

        assertThat(record.outcome()).isEqualTo(UsageRecord.Outcome.CLIENT_DISCONNECTED);
        assertThat(record.usage().outputTokens()).isEqualTo(4000);
    }
}
