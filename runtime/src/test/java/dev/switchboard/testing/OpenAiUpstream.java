package dev.switchboard.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A WireMock server standing in for an OpenAI-compatible vendor, with recorded wire payloads
 * from {@code src/test/resources/wire/openai/}. Tests stub it and inspect what the gateway sent.
 */
public final class OpenAiUpstream implements AutoCloseable {
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    public OpenAiUpstream() {
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /** A config with this upstream as provider {@code upstream} serving {@code models} under their own names. */
    public String config(String... models) {
        StringBuilder yaml = new StringBuilder("""
                providers:
                  upstream:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-secret
                    timeout: 30s
                models:
                """.formatted(baseUrl()));
        for (String model : models) {
            yaml.append("  ").append(model).append(":\n    deployments:\n      - provider: upstream\n        model: ").append(model).append('\n');
        }
        return yaml.toString();
    }

    /** A recorded payload from {@code wire/openai/NAME}. */
    public static String payload(String name) {
        try (InputStream in = OpenAiUpstream.class.getResourceAsStream("/wire/openai/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload wire/openai/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
