package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.RawChat;
import dev.switchboard.testing.RawChat.Protocol;
import dev.switchboard.testing.RawChat.Reply;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.Wire;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regression (issue 14): the gateway read only the first JSON value of an upstream's stream event
 * or answer, so two stream events merged into one — the blank line between them lost on the way,
 * as a misbehaving proxy does — were half-read without error: the client got an answer with a
 * piece missing, or (passed through) a stream that began and then broke. Such an event is not the
 * upstream's protocol: before the first token the attempt fails (here, with nothing to fall back
 * to, a 502), after it the stream ends with an error event in the client's format. A whole answer
 * or a token count holding two JSON values is refused likewise. Every upstream format behind both
 * client formats, from recorded answers; {@link dev.switchboard.dialect.MergedStreamEventsTest}
 * merges events in more ways, at every position, for each decoder.
 */
class MergedUpstreamEventsTest {
    /** What each decoder and relay says of an event it cannot read. */
    private static final String NOT_THE_PROTOCOL = "sent a stream event that is not";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Upstream, FakeVendor> vendors = new EnumMap<>(Upstream.class);
    private static RunningGateway gateway;

    /** A vendor of each format, the model routed to it, its recorded answers, and where its first token is. */
    enum Upstream {
        OPENAI(FakeVendor.Format.OPENAI, "/v1/chat/completions", "/v1/chat/completions",
                "openai/chat-stream-text.sse", "openai/chat-completion.json", 1, "The"),
        ANTHROPIC(FakeVendor.Format.ANTHROPIC, "/v1/messages", "/v1/messages",
                "anthropic/stream-text.sse", "anthropic/message-text.json", 3, "Hello"),
        // Gemini's first event is thinking, which neither client reads as text.
        GEMINI(FakeVendor.Format.GEMINI, "/v1beta/models/gemini-2.5-flash:streamGenerateContent",
                "/v1beta/models/gemini-2.5-flash:generateContent", "gemini/stream-text.sse",
                "gemini/generate-content-thinking-cached.json", 0, "");

        private final FakeVendor.Format format;
        private final String streamPath;
        private final String wholePath;
        private final String stream;
        private final String whole;
        private final int firstToken;
        private final String textBeforeSecondToken;

        Upstream(FakeVendor.Format format, String streamPath, String wholePath, String stream, String whole, int firstToken,
                 String textBeforeSecondToken) {
            this.format = format;
            this.streamPath = streamPath;
            this.wholePath = wholePath;
            this.stream = stream;
            this.whole = whole;
            this.firstToken = firstToken;
            this.textBeforeSecondToken = textBeforeSecondToken;
        }

        String model() {
            return "merged-" + name().toLowerCase(Locale.ROOT);
        }

        /** The recorded stream with event {@code i} and the one after it run together into one event. */
        String streamMerging(int i) {
            // Gemini's recording ends its lines with CRLF, the others with LF.
            List<String> events = new ArrayList<>(Arrays.asList(payload(stream).split("(?<=\\n\\r?\\n)")));
            events.set(i, events.get(i).replaceFirst("\\r?\\n\\z", "") + events.remove(i + 1));
            return String.join("", events);
        }

        void streams(String body) {
            vendors.get(this).server().stubFor(post(urlPathEqualTo(streamPath))
                    .willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(body)));
        }

        void answers(String path, String body) {
            vendors.get(this).server().stubFor(post(urlPathEqualTo(path))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
        }
    }

    @BeforeAll
    static void start() {
        StringBuilder providers = new StringBuilder("providers:\n");
        StringBuilder models = new StringBuilder("models:\n");
        for (Upstream upstream : Upstream.values()) {
            FakeVendor vendor = new FakeVendor(upstream.format);
            vendors.put(upstream, vendor);
            providers.append(vendor.providerYaml(upstream.model(), "upstream-key"));
            models.append("  %s: {deployments: [{provider: %s, model: %s}], retries: 0}\n".formatted(upstream.model(), upstream.model(),
                    upstream.format == FakeVendor.Format.GEMINI ? "gemini-2.5-flash" : "recorded"));
        }
        gateway = RunningGateway.start(providers + models.toString());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        vendors.values().forEach(FakeVendor::close);
    }

    @BeforeEach
    void resetUpstreams() {
        vendors.values().forEach(vendor -> vendor.server().resetAll());
    }

    static Stream<Arguments> clientsAndUpstreams() {
        return Arrays.stream(Protocol.values()).flatMap(p -> Arrays.stream(Upstream.values()).map(u -> Arguments.of(p, u)));
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("clientsAndUpstreams")
    void two_events_merged_before_the_first_token_fail_the_attempt_with_a_502(Protocol protocol, Upstream upstream) {
        upstream.streams(upstream.streamMerging(0));

        Reply reply = RawChat.send(gateway, protocol, upstream.model(), true);

        assertThat(reply.status()).as(reply.body()).isEqualTo(502);
        assertThat(reply.isStream()).isFalse();
        assertUpstreamUnavailable(protocol, reply.json());
        assertThat(reply.error().path("message").asText()).contains(NOT_THE_PROTOCOL);
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("clientsAndUpstreams")
    void two_events_merged_after_the_first_token_end_the_stream_with_an_error_event_in_the_clients_format(Protocol protocol,
                                                                                                          Upstream upstream) {
        upstream.streams(upstream.streamMerging(upstream.firstToken + 1));

        Reply reply = RawChat.send(gateway, protocol, upstream.model(), true);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo(upstream.textBeforeSecondToken);
        assertThat(reply.hasNormalEnd()).as(reply.body()).isFalse();
        assertThat(reply.lastEvent().name()).isEqualTo("error");
        assertUpstreamUnavailable(protocol, reply.lastEvent().json());
        assertThat(reply.error().path("message").asText()).contains(NOT_THE_PROTOCOL);
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("clientsAndUpstreams")
    void a_whole_answer_holding_two_json_values_is_a_502(Protocol protocol, Upstream upstream) {
        String answer = payload(upstream.whole);
        upstream.answers(upstream.wholePath, answer + "\n" + answer);

        Reply reply = RawChat.send(gateway, protocol, upstream.model(), false);

        assertThat(reply.status()).as(reply.body()).isEqualTo(502);
        assertUpstreamUnavailable(protocol, reply.json());
    }

    @ParameterizedTest(name = "{0} upstream")
    @EnumSource(value = Upstream.class, names = {"ANTHROPIC", "GEMINI"})
    void a_token_count_holding_two_json_values_is_a_502(Upstream upstream) {
        String path = upstream == Upstream.ANTHROPIC ? "/v1/messages/count_tokens" : "/v1beta/models/gemini-2.5-flash:countTokens";
        String count = upstream == Upstream.ANTHROPIC ? "{\"input_tokens\":14}" : "{\"totalTokens\":14}";
        upstream.answers(path, count + "\n" + count);

        HttpResponse<String> reply = gateway.post("/v1/messages/count_tokens", """
                {"model":"%s","messages":[{"role":"user","content":"What is the capital of France?"}]}""".formatted(upstream.model()),
                "anthropic-version", "2023-06-01");

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(502);
        assertUpstreamUnavailable(Protocol.ANTHROPIC, parse(reply.body()));
    }

    /** The error OpenAI's or Anthropic's clients get for an upstream that does not speak its protocol. */
    private static void assertUpstreamUnavailable(Protocol protocol, JsonNode body) {
        JsonNode error = body.path("error");
        if (protocol == Protocol.OPENAI) {
            assertThat(error.path("type").asText()).as(body.toString()).isEqualTo("upstream_error");
            assertThat(error.path("code").asText()).isEqualTo("upstream_unavailable");
        } else {
            assertThat(body.path("type").asText()).as(body.toString()).isEqualTo("error");
            assertThat(error.path("type").asText()).isEqualTo("api_error");
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static String payload(String path) {
        return new String(Wire.bytes(path), StandardCharsets.UTF_8);
    }
}
