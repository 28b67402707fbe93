package dev.switchboard.testing;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.server.Gateway;
import dev.switchboard.usage.LoggingUsageRecorder;
import dev.switchboard.usage.UsageRecorder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A real gateway on a free port, configured from YAML text, for tests that talk HTTP to it. */
public final class RunningGateway implements AutoCloseable {
    private final Gateway gateway;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RunningGateway(Gateway gateway, Path dataDir) {
        this.gateway = gateway;
        this.dataDir = dataDir;
    }

    public static RunningGateway start(String yaml) {
        return start(yaml, Map.of());
    }

    /** @param env the only environment variables the gateway sees (none from the real environment) */
    public static RunningGateway start(String yaml, Map<String, String> env) {
        return start(yaml, env, new LoggingUsageRecorder());
    }

    /** A gateway whose usage records go to {@code recorder}, for tests that check what was recorded. */
    public static RunningGateway start(String yaml, UsageRecorder recorder) {
        return start(yaml, Map.of(), recorder);
    }

    private static RunningGateway start(String yaml, Map<String, String> env, UsageRecorder recorder) {
        return start(yaml, env, recorder, Clock.systemUTC());
    }

    /** A gateway whose usage records go to {@code recorder} and whose budgets, key expiry and rate limits follow {@code clock}. */
    public static RunningGateway start(String yaml, Map<String, String> env, UsageRecorder recorder, Clock clock) {
        return start(yaml, env, recorder, clock, true);
    }

    /**
     * A gateway started as {@code serve --config FILE} starts one: without the offline mock to fall
     * back on when neither the config nor {@code env} gives a provider. The other factories serve
     * the mock then, as {@code serve} without a config file does, because many tests use it.
     */
    public static RunningGateway startFromConfigFile(String yaml, Map<String, String> env) {
        return start(yaml, env, new LoggingUsageRecorder(), Clock.systemUTC(), false);
    }

    private static RunningGateway start(String yaml, Map<String, String> env, UsageRecorder recorder, Clock clock, boolean offlineMock) {
        try {
            Path dataDir = Files.createTempDirectory("switchboard-test");
            ConfigLoader.Loaded loaded = new ConfigLoader(env::get).parse("test.yaml", yaml);
            Gateway gateway = Gateway.start(loaded, new Gateway.Settings("127.0.0.1", 0, dataDir, offlineMock), env::get, recorder, clock);
            return new RunningGateway(gateway, dataDir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Gateway gateway() {
        return gateway;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /** The OpenAI SDKs' base URL: the gateway's {@code /v1}. */
    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    public HttpResponse<String> post(String path, String json, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build());
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }
}
