package dev.switchboard.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.config.Secret;
import dev.switchboard.provider.anthropic.AnthropicProvider;
import dev.switchboard.provider.gemini.GeminiProvider;
import dev.switchboard.provider.openai.OpenAiCompatibleProvider;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.time.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A call carrying a team's own key sends it in the provider's auth header, in the provider's form, instead of the gateway's. */
class TeamCredentialHeaderTest {
    private static final Secret GATEWAY_KEY = Secret.of("gateway-key-123");
    private static final Secret TEAM_KEY = Secret.of("team-own-key-456");
    private static UpstreamHttpClient http;
    private static Watchdog watchdog;

    @BeforeAll
    static void client() {
        watchdog = new Watchdog(Ticker.system());
        http = new UpstreamHttpClient(Duration.ofSeconds(5), Duration.ZERO, watchdog);
    }

    @AfterAll
    static void close() {
        http.close();
        watchdog.close();
    }

    private static Provider provider(FakeVendor vendor) {
        Map<String, String> extra = Map.of("X-Extra", "1");
        return switch (vendor.format()) {
            case OPENAI -> new OpenAiCompatibleProvider("p", "openai", vendor.baseUrl(), GATEWAY_KEY, extra, Duration.ofSeconds(5), http);
            case ANTHROPIC -> new AnthropicProvider("p", vendor.baseUrl(), GATEWAY_KEY, extra, Duration.ofSeconds(5), http);
            case GEMINI -> new GeminiProvider("p", vendor.baseUrl(), GATEWAY_KEY, extra, Duration.ofSeconds(5), http);
        };
    }

    private static String expectedHeader(FakeVendor.Format format) {
        return switch (format) {
            case OPENAI -> "Authorization";
            case ANTHROPIC -> "x-api-key";
            case GEMINI -> "x-goog-api-key";
        };
    }

    private static LoggedRequest send(FakeVendor vendor, UpstreamCall call) {
        vendor.server().stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        try (UpstreamResponse response = provider(vendor).chat(call)) {
            assertThat(response.status()).isEqualTo(200);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return vendor.server().getAllServeEvents().getFirst().getRequest();
    }

    private static UpstreamCall call() {
        return new UpstreamCall("m", "{}".getBytes(StandardCharsets.UTF_8), false, "req-1");
    }

    @ParameterizedTest
    @EnumSource(FakeVendor.Format.class)
    void aCallWithATeamCredentialSendsTheTeamsKeyInTheProvidersFormat(FakeVendor.Format format) {
        try (FakeVendor vendor = new FakeVendor(format)) {
            LoggedRequest sent = send(vendor, call().withCredential(TEAM_KEY));

            String expected = format == FakeVendor.Format.OPENAI ? "Bearer " + TEAM_KEY.reveal() : TEAM_KEY.reveal();
            assertThat(sent.getHeaders().getHeader(expectedHeader(format)).values()).containsExactly(expected);
            assertThat(sent.getHeaders().all().toString()).doesNotContain(GATEWAY_KEY.reveal());
        }
    }

    @ParameterizedTest
    @EnumSource(FakeVendor.Format.class)
    void aCallWithoutOneSendsTheGatewaysKey(FakeVendor.Format format) {
        try (FakeVendor vendor = new FakeVendor(format)) {
            LoggedRequest sent = send(vendor, call());

            String expected = format == FakeVendor.Format.OPENAI ? "Bearer " + GATEWAY_KEY.reveal() : GATEWAY_KEY.reveal();
            assertThat(sent.getHeaders().getHeader(expectedHeader(format)).values()).containsExactly(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(FakeVendor.Format.class)
    void theCredentialNeverShowsInTheCallsDescription(FakeVendor.Format format) {
        assertThat(call().withCredential(TEAM_KEY).toString()).doesNotContain(TEAM_KEY.reveal());
    }
}
