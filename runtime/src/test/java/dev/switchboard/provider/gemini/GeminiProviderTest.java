package dev.switchboard.provider.gemini;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.config.Secret;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.dialect.WireFormat;
import dev.switchboard.dialect.gemini.GeminiDialect;
import dev.switchboard.error.GatewayException;
import dev.switchboard.provider.UpstreamCall;
import dev.switchboard.provider.UpstreamHttpClient;
import dev.switchboard.provider.Watchdog;
import dev.switchboard.provider.UpstreamResponse;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.testing.GeminiWire;
import dev.switchboard.time.Ticker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeminiProviderTest {
    private static final String KEY = "AIzaSy-test-key-never-shown";
    private static final byte[] BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}".getBytes(StandardCharsets.UTF_8);

    private static final WireMockServer gemini = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static UpstreamHttpClient http;
    private static Watchdog watchdog;
    private GeminiProvider provider;

    @BeforeAll
    static void start() {
        gemini.start();
        watchdog = new Watchdog(Ticker.system());
        http = new UpstreamHttpClient(Duration.ofSeconds(2), Duration.ZERO, watchdog);
    }

    @AfterAll
    static void stop() {
        http.close();
        watchdog.close();
        gemini.stop();
    }

    @BeforeEach
    void reset() {
        gemini.resetAll();
        provider = new GeminiProvider("gemini", baseUrl(), Secret.of(KEY), Map.of("X-Team", "search"), Duration.ofSeconds(5), http);
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + gemini.port() + "/v1beta";
    }

    private static byte[] readAll(UpstreamResponse response) throws IOException {
        try (response) {
            return response.body().readAllBytes();
        }
    }

    @Test
    void a_call_posts_the_body_to_generate_content_with_the_key_in_a_header() throws IOException {
        gemini.stubFor(post(urlEqualTo("/v1beta/models/gemini-2.5-flash:generateContent"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(GeminiWire.payload("generate-content-thinking-cached.json"))));

        UpstreamResponse response = provider.chat(new UpstreamCall("gemini-2.5-flash", BODY, false, "req-1"));
        byte[] body = readAll(response);

        assertThat(response.status()).isEqualTo(200);
        ChatResult result = new GeminiDialect().decodeResponse(body);
        assertThat(result.id()).isEqualTo("gR8yaPiJB9Kq1MkPq7uf6QY");
        gemini.verify(postRequestedFor(urlEqualTo("/v1beta/models/gemini-2.5-flash:generateContent"))
                .withHeader("x-goog-api-key", equalTo(KEY))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("X-Request-Id", equalTo("req-1"))
                .withHeader("X-Team", equalTo("search"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(new String(BODY, StandardCharsets.UTF_8))));
    }

    @Test
    void a_streaming_call_asks_stream_generate_content_for_server_sent_events() throws IOException {
        gemini.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(GeminiWire.bytes("stream-text.sse"))));

        List<ChatEvent> events = new ArrayList<>();
        try (UpstreamResponse response = provider.chat(new UpstreamCall("gemini-2.5-flash", BODY, true, "req-2"))) {
            SseEventReader reader = new SseEventReader(response.body());
            StreamDecoder decoder = new GeminiDialect().newStreamDecoder();
            for (SseEventReader.Event event = reader.next(); event != null; event = reader.next()) {
                events.addAll(decoder.decode(event));
            }
        }

        assertThat(events).first().isInstanceOf(ChatEvent.Started.class);
        assertThat(events).last().isEqualTo(new ChatEvent.Ended());
        LoggedRequest sent = gemini.findAll(postRequestedFor(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent"))).getFirst();
        assertThat(sent.getUrl()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(sent.getHeader("Accept")).isEqualTo("text/event-stream");
        assertThat(sent.getHeader("x-goog-api-key")).isEqualTo(KEY);
    }

    @Test
    void the_key_never_travels_in_the_url() {
        gemini.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent"))
                .willReturn(aResponse().withStatus(200)));

        readAllQuietly(provider.chat(new UpstreamCall("gemini-2.5-flash", BODY, true, "req-3")));

        gemini.verify(postRequestedFor(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent"))
                .withQueryParam("key", absent()));
        assertThat(gemini.getAllServeEvents()).allSatisfy(event -> assertThat(event.getRequest().getUrl()).doesNotContain(KEY));
    }

    @Test
    void a_model_name_cannot_reach_past_its_path_segment() {
        gemini.stubFor(post(urlPathEqualTo("/v1beta/models/tuned%2F..%3Fkey%3Dx%20y:generateContent"))
                .willReturn(aResponse().withStatus(200)));

        UpstreamResponse response = provider.chat(new UpstreamCall("tuned/..?key=x y", BODY, false, "req-4"));
        readAllQuietly(response);

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void an_error_status_is_handed_back_for_the_dialect_to_read() throws IOException {
        gemini.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:generateContent"))
                .willReturn(aResponse().withStatus(429).withBody(GeminiWire.payload("error-quota-exhausted.json"))));

        UpstreamResponse response = provider.chat(new UpstreamCall("gemini-2.5-flash", BODY, false, "req-5"));
        GatewayException.UpstreamRejected rejected = new GeminiDialect()
                .decodeError(response.status(), readAll(response), response.header("retry-after"));

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void count_tokens_wraps_the_generate_content_body_with_the_model_resource_name() throws IOException {
        gemini.stubFor(post(urlEqualTo("/v1beta/models/gemini-2.5-flash:countTokens"))
                .willReturn(aResponse().withStatus(200).withBody("{\"totalTokens\": 3, \"promptTokensDetails\": [{\"modality\": \"TEXT\", \"tokenCount\": 3}]}")));

        UpstreamResponse response = provider.countTokens(new UpstreamCall("gemini-2.5-flash", BODY, false, "req-6"));

        assertThat(new String(readAll(response), StandardCharsets.UTF_8)).contains("\"totalTokens\": 3");
        gemini.verify(postRequestedFor(urlEqualTo("/v1beta/models/gemini-2.5-flash:countTokens"))
                .withHeader("x-goog-api-key", equalTo(KEY))
                .withRequestBody(equalToJson("""
                        {"generateContentRequest": {"model": "models/gemini-2.5-flash",
                         "contents": [{"role": "user", "parts": [{"text": "Hi"}]}]}}""")));
    }

    @Test
    void an_unreachable_upstream_is_reported_without_the_key() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GeminiProvider unreachable = new GeminiProvider("gemini", "http://127.0.0.1:" + closedPort + "/v1beta",
                Secret.of(KEY), Map.of(), Duration.ofSeconds(2), http);

        Throwable failure = catchThrowable(() -> unreachable.chat(new UpstreamCall("gemini-2.5-flash", BODY, false, "req-7")));

        assertThat(failure).isInstanceOf(GatewayException.UpstreamUnavailable.class);
        assertThat(failure.getMessage()).doesNotContain(KEY);
        assertThat(unreachable.toString()).doesNotContain(KEY);
    }

    @Test
    void the_provider_speaks_gemini_and_is_priced_under_gemini() {
        GeminiProvider defaults = new GeminiProvider("google", null, Secret.of(KEY), Map.of(), Duration.ofSeconds(5), http);

        assertThat(defaults.name()).isEqualTo("google");
        assertThat(defaults.wireFormat()).isEqualTo(WireFormat.GEMINI);
        assertThat(defaults.catalogProvider()).isEqualTo("gemini");
        assertThat(defaults.toString()).isEqualTo("GeminiProvider[google -> generativelanguage.googleapis.com]");
    }

    private static void readAllQuietly(UpstreamResponse response) {
        try (response) {
            response.body().readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
