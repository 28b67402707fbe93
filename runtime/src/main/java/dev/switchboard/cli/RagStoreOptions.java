package dev.switchboard.cli;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.rag.RagStore;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** Where the gateway keeps its collections, and whose they are: the options {@code rag index} and {@code rag search} share. */
final class RagStoreOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:SWITCHBOARD_DATA_DIR}",
            description = "The gateway's data directory (default: $SWITCHBOARD_DATA_DIR, else server.data_dir from --config, else ./data).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "The gateway's YAML config, for server.data_dir.")
    Path config;

    @Option(names = "--team", paramLabel = "TEAM_ID",
            description = "The id of the team that owns the collection (as the admin API shows it); none on a gateway without governance.")
    String team;

    /** Opens the store the server uses: {@code <data dir>/rag/collections}. */
    RagStore open() {
        GatewayConfig loaded = config == null ? GatewayConfig.EMPTY : new ConfigLoader(System::getenv).load(config).config();
        Path dir = dataDir != null ? dataDir : Path.of(loaded.server().dataDir());
        return RagStore.open(dir.resolve("rag").resolve("collections"), Clock.systemUTC());
    }
}
