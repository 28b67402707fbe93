package dev.switchboard.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;

/**
 * A gateway in front of four WireMock vendors: a flaky and a healthy one of each wire format a
 * client speaks (OpenAI-compatible and Anthropic), for tests that inject faults into the flaky
 * ones and check how the gateway fails over and what it records. The healthy vendors always
 * answer with a recorded answer ({@link Answer}), whole or streamed as asked.
 *
 * <p>Providers: {@value #FLAKY} and {@value #HEALTHY} speak OpenAI's format,
 * {@value #FLAKY_CLAUDE} and {@value #HEALTHY_CLAUDE} Anthropic's. The flaky ones time out after
 * {@value #FLAKY_TIMEOUT}, so a test of a slow upstream takes a fraction of a second. Backoff
 * between retries of one deployment is short (10 to 50 ms), so a {@code Retry-After} of a second
 * or more is already longer than the gateway will wait.
 *
 * <p>Deployment health (circuit breaker, rate-limit cool-down) is kept per {@code provider/model}
 * for the gateway's life, so each test should use upstream model names of its own.
 */
public final class FailoverRig implements AutoCloseable {
    public static final String FLAKY = "flaky";
    public static final String HEALTHY = "healthy";
    public static final String FLAKY_CLAUDE = "flaky-claude";
    public static final String HEALTHY_CLAUDE = "healthy-claude";
    public static final String FLAKY_TIMEOUT = "400ms";

    // Prices of gpt-4o-mini and of Claude Sonnet 4.5, per million tokens, for every deployment of each format.
    private static final String OPENAI_PRICES = "{input: \"0.15\", output: \"0.6\", cache_read: \"0.075\"}";
    private static final String ANTHROPIC_PRICES = "{input: \"3\", output: \"15\", cache_read: \"0.3\", cache_write: \"3.75\"}";

    private final FakeVendor flaky = new FakeVendor(FakeVendor.Format.OPENAI);
    private final FakeVendor healthy = new FakeVendor(FakeVendor.Format.OPENAI);
    private final FakeVendor flakyClaude = new FakeVendor(FakeVendor.Format.ANTHROPIC);
    private final FakeVendor healthyClaude = new FakeVendor(FakeVendor.Format.ANTHROPIC);
    private final RecordedUsage usage = new RecordedUsage();
    private final RunningGateway gateway;

    /** A vendor's recorded answer as the healthy vendors send it, and what it costs at the rig's prices. */
    public enum Answer {
        OPENAI_WHOLE(FakeVendor.Format.OPENAI, false, "chat-completion.json", "The capital of France is Paris.", "0.0001629"),
        OPENAI_STREAM(FakeVendor.Format.OPENAI, true, "chat-stream-text.sse", "The capital of France is Paris.", "0.0001611"),
        ANTHROPIC_WHOLE(FakeVendor.Format.ANTHROPIC, false, "message-text.json",
                "Paris is the capital of France. It has been the country's capital since 987, apart from a few interruptions.", "0.0075168"),
        ANTHROPIC_STREAM(FakeVendor.Format.ANTHROPIC, true, "stream-text.sse", "Hello! How can I help you today?", "0.0022104");

        private final FakeVendor.Format format;
        private final boolean stream;
        private final String payload;
        private final String text;
        private final BigDecimal cost;

        Answer(FakeVendor.Format format, boolean stream, String payload, String text, String cost) {
            this.format = format;
            this.stream = stream;
            this.payload = payload;
            this.text = text;
            this.cost = new BigDecimal(cost);
        }

        public static Answer of(FakeVendor.Format format, boolean stream) {
            for (Answer answer : values()) {
                if (answer.format == format && answer.stream == stream) {
                    return answer;
                }
            }
            throw new IllegalArgumentException("no recorded answer for " + format);
        }

        public FakeVendor.Format format() {
            return format;
        }

        public boolean stream() {
            return stream;
        }

        /** The answer's text, as a client reassembles it. */
        public String text() {
            return text;
        }

        /** The answer's usage at the rig's prices. */
        public BigDecimal cost() {
            return cost;
        }

        /** The recorded bytes. */
        public String body() {
            return Wire.payload(format(), payload);
        }

        /** A 200 with this answer, as the vendor sends it. */
        public ResponseDefinitionBuilder response() {
            return aResponse().withStatus(200).withHeader("Content-Type", stream() ? "text/event-stream" : "application/json")
                    .withBody(body());
        }
    }

    private FailoverRig(String models, Collection<String> priced) {
        StringBuilder yaml = new StringBuilder("providers:\n")
                .append(provider(FLAKY, flaky, FLAKY_TIMEOUT))
                .append(provider(HEALTHY, healthy, "10s"))
                .append(provider(FLAKY_CLAUDE, flakyClaude, FLAKY_TIMEOUT))
                .append(provider(HEALTHY_CLAUDE, healthyClaude, "10s"))
                .append("""
                        reliability:
                          backoff: {initial: 10ms, max: 50ms}
                        """);
        if (!models.isBlank()) {
            yaml.append("models:\n").append(models);
        }
        if (!priced.isEmpty()) {
            yaml.append("catalog:\n");
            for (String id : priced) {
                String provider = id.substring(0, id.indexOf('/'));
                String prices = provider.equals(FLAKY_CLAUDE) || provider.equals(HEALTHY_CLAUDE) ? ANTHROPIC_PRICES : OPENAI_PRICES;
                yaml.append("  - {id: ").append(id).append(", provider: ").append(provider).append(", model: ")
                        .append(id.substring(id.indexOf('/') + 1)).append(", mode: chat, pricing: ").append(prices).append("}\n");
            }
        }
        gateway = RunningGateway.start(yaml.toString(), usage);
    }

    /**
     * Starts the vendors and the gateway, and sends one request of each kind through each healthy
     * vendor, so that no test's time limits are spent warming a path up.
     *
     * @param models the {@code models:} section (entries indented two spaces), may be empty
     * @param priced {@code provider/model} deployments to price at their format's prices
     */
    public static FailoverRig start(String models, Collection<String> priced) {
        FailoverRig rig = new FailoverRig(models, priced);
        rig.reset();
        for (RawChat.Protocol protocol : RawChat.Protocol.values()) {
            for (String deployment : List.of(HEALTHY + "/warm-up", HEALTHY_CLAUDE + "/warm-up")) {
                for (boolean stream : new boolean[] {false, true}) {
                    int status = RawChat.send(rig.gateway, protocol, deployment, stream).status();
                    if (status != 200) {
                        throw new IllegalStateException("warm-up request to " + deployment + " failed with " + status);
                    }
                }
            }
        }
        return rig;
    }

    private static String provider(String name, FakeVendor vendor, String timeout) {
        return """
                  %s:
                    type: %s
                    base_url: %s
                    api_key: sk-%s-upstream
                    timeout: %s
                """.formatted(name, vendor.format().type(), vendor.baseUrl(), name, timeout);
    }

    /** Forgets every stub and request, and stubs the healthy vendors with their recorded answers again. */
    public void reset() {
        for (FakeVendor vendor : List.of(flaky, healthy, flakyClaude, healthyClaude)) {
            vendor.server().resetAll();
        }
        answerNormally(healthy);
        answerNormally(healthyClaude);
    }

    /** Stubs {@code vendor} to answer every chat request with its recorded answer, streamed when the request asks for a stream. */
    private static void answerNormally(FakeVendor vendor) {
        vendor.server().stubFor(post(Wire.chatPath(vendor.format())).atPriority(5)
                .willReturn(Answer.of(vendor.format(), false).response()));
        vendor.server().stubFor(post(Wire.chatPath(vendor.format())).atPriority(4)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(Answer.of(vendor.format(), true).response()));
    }

    public RunningGateway gateway() {
        return gateway;
    }

    public RecordedUsage usage() {
        return usage;
    }

    /** The flaky vendor of a format: {@value #FLAKY} or {@value #FLAKY_CLAUDE}. */
    public FakeVendor flaky(FakeVendor.Format format) {
        return format == FakeVendor.Format.ANTHROPIC ? flakyClaude : flaky;
    }

    /** The healthy vendor of a format: {@value #HEALTHY} or {@value #HEALTHY_CLAUDE}. */
    public FakeVendor healthy(FakeVendor.Format format) {
        return format == FakeVendor.Format.ANTHROPIC ? healthyClaude : healthy;
    }

    /** The provider name of the flaky vendor of a format. */
    public static String flakyProvider(FakeVendor.Format format) {
        return format == FakeVendor.Format.ANTHROPIC ? FLAKY_CLAUDE : FLAKY;
    }

    /** The provider name of the healthy vendor of a format. */
    public static String healthyProvider(FakeVendor.Format format) {
        return format == FakeVendor.Format.ANTHROPIC ? HEALTHY_CLAUDE : HEALTHY;
    }

    @Override
    public void close() {
        gateway.close();
        for (FakeVendor vendor : List.of(flaky, healthy, flakyClaude, healthyClaude)) {
            vendor.close();
        }
    }
}
