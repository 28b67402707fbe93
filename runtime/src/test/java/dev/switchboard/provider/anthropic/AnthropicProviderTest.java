package dev.switchboard.provider.anthropic;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.config.Secret;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.dialect.anthropic.AnthropicDialect;
import dev.switchboard.error.GatewayException;
import dev.switchboard.provider.CallControl;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamHttpClient;
import dev.switchboard.provider.Watchdog;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.testing.AnthropicWire;
import dev.switchboard.time.Ticker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest {
    private static final String KEY = "sk-ant-api03-secret-key-value";
    private static final byte[] BODY = "{\"model\":\"claude-x\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final WireMockServer upstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static UpstreamHttpClient http;
    private static Watchdog watchdog;

    private AnthropicProvider provider;

    @BeforeAll
    static void start() {
        upstream.start();
        watchdog = new Watchdog(Ticker.system());
        http = new UpstreamHttpClient(Duration.ofSeconds(5), Duration.ZERO, watchdog);
    }

    @AfterAll
    static void stop() {
        http.close();
        watchdog.close();
        upstream.stop();
    }

    @BeforeEach
    void reset() {
        upstream.resetAll();
        provider = new AnthropicProvider("anthropic", "http://127.0.0.1:" + upstream.port() + "/", Secret.of(KEY),
                Map.of("x-team", "search"), Duration.ofSeconds(10), http);
    }

    private static String read(UpstreamResponse response) throws IOException {
        try (response) {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_chat_call_posts_to_v1_messages_with_the_key_the_default_version_and_the_request_id() throws Exception {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(AnthropicWire.payload("message-text.json"))));

        String body = read(provider.chat(new UpstreamCall("claude-x", BODY, false, "req-1")));

        assertThat(body).isEqualTo(AnthropicWire.payload("message-text.json"));
        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo(KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("anthropic-beta", absent())
                .withHeader("Authorization", absent())
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("X-Request-Id", equalTo("req-1"))
                .withHeader("x-team", equalTo("search"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(new String(BODY, StandardCharsets.UTF_8))));
    }

    @Test
    void the_clients_anthropic_version_and_beta_headers_are_forwarded_whatever_their_case() throws Exception {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200).withBody("{}")));

        read(provider.chat(new UpstreamCall("claude-x", BODY, false, "req-2",
                Map.of("Anthropic-Version", "2024-01-01", "anthropic-beta", "interleaved-thinking-2025-05-14,context-1m-2025-08-07"), CallControl.unlimited())));

        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("anthropic-version", equalTo("2024-01-01"))
                .withHeader("anthropic-beta", equalTo("interleaved-thinking-2025-05-14,context-1m-2025-08-07")));
    }

    @Test
    void a_streamed_answer_is_handed_over_as_events_the_dialect_decodes() throws Exception {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(AnthropicWire.payload("stream-tool-use.sse"))));
        StreamDecoder decoder = new AnthropicDialect().newStreamDecoder();
        List<ChatEvent> events = new ArrayList<>();

        try (UpstreamResponse response = provider.chat(new UpstreamCall("claude-x", BODY, true, "req-3"))) {
            SseEventReader reader = new SseEventReader(response.body());
            for (SseEventReader.Event event = reader.next(); event != null; event = reader.next()) {
                events.addAll(decoder.decode(event));
            }
        }

        assertThat(events).filteredOn(ChatEvent.ToolCallStarted.class::isInstance).hasSize(2);
        assertThat(events.getLast()).isEqualTo(new ChatEvent.Ended());
        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages")).withHeader("Accept", equalTo("text/event-stream")));
    }

    @Test
    void token_counting_posts_to_count_tokens_with_the_same_headers() throws Exception {
        upstream.stubFor(post("/v1/messages/count_tokens").willReturn(aResponse().withStatus(200).withBody("{\"input_tokens\":14}")));

        String body = read(provider.countTokens(new UpstreamCall("claude-x", BODY, false, "req-4", Map.of("anthropic-beta", "token-counting-2024-11-01"), CallControl.unlimited())));

        assertThat(body).isEqualTo("{\"input_tokens\":14}");
        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages/count_tokens"))
                .withHeader("x-api-key", equalTo(KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("anthropic-beta", equalTo("token-counting-2024-11-01"))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void the_provider_speaks_anthropic_and_is_priced_under_anthropic() {
        assertThat(provider.wireFormat()).isEqualTo(WireFormat.ANTHROPIC);
        assertThat(provider.catalogProvider()).isEqualTo("anthropic");
        assertThat(provider.name()).isEqualTo("anthropic");
    }

    @Test
    void an_upstream_401_is_the_gateways_credentials_rejected_and_never_shows_the_key() {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(401)
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}")));

        assertThatThrownBy(() -> provider.chat(new UpstreamCall("claude-x", BODY, false, "req-5")))
                .isInstanceOfSatisfying(GatewayException.UpstreamCredentialsRejected.class, error -> {
                    assertThat(error.status()).isEqualTo(502);
                    assertThat(error.teamKey()).isFalse();
                    assertThat(error.getMessage()).contains("'anthropic/claude-x'").doesNotContain(KEY);
                });
        assertThat(provider.toString()).doesNotContain(KEY);
    }

    @Test
    void the_key_never_appears_when_the_upstream_cannot_be_reached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AnthropicProvider unreachable = new AnthropicProvider("anthropic", "http://127.0.0.1:" + closedPort, Secret.of(KEY),
                Map.of(), Duration.ofSeconds(5), http);

        assertThatThrownBy(() -> unreachable.chat(new UpstreamCall("claude-x", BODY, false, "req-6")))
                .isInstanceOf(GatewayException.UpstreamUnavailable.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    }

    @Test
    void without_a_key_no_x_api_key_header_is_sent() throws Exception {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200).withBody("{}")));
        AnthropicProvider keyless = new AnthropicProvider("proxy", "http://127.0.0.1:" + upstream.port(), null, Map.of(), Duration.ofSeconds(5), http);

        read(keyless.chat(new UpstreamCall("claude-x", BODY, false, "req-7")));

        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages")).withHeader("x-api-key", absent()));
    }

    @Test
    void a_retry_after_header_reaches_the_decoded_error() throws Exception {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(429).withHeader("retry-after", "12")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}")));

        UpstreamResponse response = provider.chat(new UpstreamCall("claude-x", BODY, false, "req-8"));
        Optional<String> retryAfter = response.header("retry-after");
        GatewayException.UpstreamRejected error = new AnthropicDialect().decodeError(response.status(),
                read(response).getBytes(StandardCharsets.UTF_8), retryAfter);

        assertThat(error.retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(error.type()).contains("rate_limit_error");
    }
}
