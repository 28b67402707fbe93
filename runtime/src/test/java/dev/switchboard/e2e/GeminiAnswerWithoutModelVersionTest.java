package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.GeminiWire;
import dev.switchboard.testing.RawChat;
import dev.switchboard.testing.RawChat.Mode;
import dev.switchboard.testing.RawChat.Protocol;
import dev.switchboard.testing.RawChat.Reply;
import dev.switchboard.testing.RunningGateway;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regression: Gemini names the model only in the URL, and its answers carry {@code modelVersion}
 * only sometimes; translated answers without it said {@code "model": null}, which SDKs typed with a
 * required model reject. They are named after the model the gateway called.
 */
class GeminiAnswerWithoutModelVersionTest {
    private static final String MODEL = "gemini-2.5-flash-preview";
    private static FakeVendor gemini;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gemini = new FakeVendor(FakeVendor.Format.GEMINI);
        gemini.server().stubFor(post(urlPathEqualTo("/v1beta/models/" + MODEL + ":generateContent")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(withoutModelVersion(GeminiWire.payload("generate-content-thinking-cached.json")))));
        gemini.server().stubFor(post(urlPathEqualTo("/v1beta/models/" + MODEL + ":streamGenerateContent")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(withoutModelVersion(GeminiWire.payload("stream-text.sse")))));
        gateway = RunningGateway.start("providers:\n" + gemini.providerYaml("gem", "gemini-key") + """
                models:
                  flash: {deployments: [{provider: gem, model: %s}]}
                """.formatted(MODEL));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        gemini.close();
    }

    private static String withoutModelVersion(String payload) {
        String stripped = payload.replaceAll(",\\s*\"modelVersion\"\\s*:\\s*\"[^\"]*\"", "");
        assertThat(stripped).doesNotContain("modelVersion");
        return stripped;
    }

    @ParameterizedTest(name = "{0} client, {1}")
    @MethodSource("dev.switchboard.testing.RawChat#everyProtocolAndMode")
    void a_translated_answer_without_model_version_names_the_model_the_gateway_called(Protocol protocol, Mode mode) {
        Reply reply = RawChat.send(gateway, protocol, "flash", mode.stream());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> models = !mode.stream() ? List.of(reply.json().path("model").asText("<null>"))
                : reply.events().stream().filter(e -> !e.data().equals("[DONE]"))
                        .map(e -> protocol == Protocol.OPENAI ? e.json().path("model")
                                : e.json().path("message").path("model"))
                        .filter(model -> !model.isMissingNode()).map(model -> model.asText("<null>")).toList();
        assertThat(models).isNotEmpty().containsOnly(MODEL);
    }
}
