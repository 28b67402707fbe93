package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigSource;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.logging.Logging;
import dev.switchboard.server.Gateway;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard serve}: starts the gateway and runs until stopped, then drains in-flight requests. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the gateway.",
                "With no config file and no provider key in the environment, the offline 'mock' provider serves the models 'mock' and 'mock-embedding'.",
                "Setting a provider key (e.g. OPENAI_API_KEY, GROQ_API_KEY, OPENROUTER_API_KEY) enables that provider with its catalog models.",
                "With a config file, start-up fails unless the file or the environment configures at least one provider."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (see docs/configuration.md).")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default: server.port from the config, else 8080; 0 picks a free port).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDR", description = "Interface to bind (default: server.host from the config, else 0.0.0.0).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:SWITCHBOARD_DATA_DIR}",
            description = "Directory for state (default: $SWITCHBOARD_DATA_DIR, else server.data_dir from the config, else ./data).")
    Path dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Gateway gateway;
        try {
            ConfigLoader loader = new ConfigLoader(System::getenv);
            ConfigLoader.Loaded loaded = config == null ? new ConfigLoader.Loaded(GatewayConfig.EMPTY, ConfigSource.none()) : loader.load(config);
            GatewayConfig.Server server = loaded.config().server();
            Gateway.Settings settings = new Gateway.Settings(
                    host != null ? host : server.host(),
                    port != null ? port : server.port(),
                    dataDir != null ? dataDir : Path.of(server.dataDir()),
                    config == null);
            gateway = Gateway.start(loaded, settings, System::getenv);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("switchboard: configuration error: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            // Only now: what the graceful stop logged is written before the process ends.
            Logging.stop();
            stopped.countDown();
        }, "graceful-shutdown"));
        stopped.await();
        return 0;
    }
}
