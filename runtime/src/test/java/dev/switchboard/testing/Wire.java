package dev.switchboard.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Recorded vendor payloads from {@code src/test/resources/wire/}, by wire format, and where each vendor takes chat requests. */
public final class Wire {
    private Wire() {
    }

    /** The payload {@code wire/<format>/<name>}. */
    public static String payload(FakeVendor.Format format, String name) {
        return new String(bytes(format.type() + "/" + name), StandardCharsets.UTF_8);
    }

    /** The bytes of {@code wire/<path>}, e.g. {@code matrix/openai-weather-call.sse}. */
    public static byte[] bytes(String path) {
        String resource = "/wire/" + path;
        try (InputStream in = Wire.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of the vendor's chat endpoint as the gateway calls it. */
    public static String chatPath(FakeVendor.Format format) {
        return switch (format) {
            case OPENAI -> "/v1/chat/completions";
            case ANTHROPIC -> "/v1/messages";
            case GEMINI -> throw new IllegalArgumentException("Gemini puts the model in the path");
        };
    }

    /** An error response as the vendor sends it: the status and a recorded error body. */
    public static ResponseDefinitionBuilder error(FakeVendor.Format format, int status, String payload) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(payload(format, payload));
    }
}
