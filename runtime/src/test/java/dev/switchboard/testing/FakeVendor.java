package dev.switchboard.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A WireMock server on a free port standing in for one vendor's API, in that vendor's wire format:
 * an OpenAI-compatible API, Anthropic's Messages API, or Gemini's. Tests stub it with the vendor's
 * recorded payloads and inspect what the gateway sent; {@link #providerYaml} gives the gateway's
 * provider entry pointing at it. {@link OpenAiUpstream} is the older, OpenAI-only form of this.
 */
public final class FakeVendor implements AutoCloseable {

    /** A vendor's wire format: the provider {@code type} in config and where its API lives under the host. */
    public enum Format {
        OPENAI("openai", "/v1"),
        /** Anthropic's base URL is the host itself: the provider appends {@code /v1/messages}. */
        ANTHROPIC("anthropic", ""),
        GEMINI("gemini", "/v1beta");

        private final String type;
        private final String root;

        Format(String type, String root) {
            this.type = type;
            this.root = root;
        }

        public String type() {
            return type;
        }

        /** A {@code providers:} entry (indented two spaces, for under {@code providers:}) for a vendor of this format at {@code host}. */
        String providerYaml(String name, String host, String apiKey) {
            return """
                      %s:
                        type: %s
                        base_url: %s
                        api_key: %s
                        timeout: 30s
                    """.formatted(name, type, host + root, apiKey);
        }
    }

    private final Format format;
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    public FakeVendor(Format format) {
        this.format = format;
        server.start();
    }

    public Format format() {
        return format;
    }

    public WireMockServer server() {
        return server;
    }

    /** The {@code base_url} the gateway's provider config takes for this vendor. */
    public String baseUrl() {
        return host() + format.root;
    }

    private String host() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A {@code providers:} entry (indented two spaces, for under {@code providers:}) named {@code name}. */
    public String providerYaml(String name, String apiKey) {
        return format.providerYaml(name, host(), apiKey);
    }

    @Override
    public void close() {
        server.stop();
    }
}
