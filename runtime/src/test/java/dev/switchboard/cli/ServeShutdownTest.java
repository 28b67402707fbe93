package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.governance.store.Database;
import dev.switchboard.governance.store.Jdbc;
import dev.switchboard.testing.OutlastingStream;
import dev.switchboard.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard serve} in a process of its own, stopped by SIGTERM as an operator or an
 * orchestrator stops it. The bug: Logback's own shutdown hook ran beside the gateway's and stopped
 * logging at once, so nothing the graceful stop logged — a failed stop, a batch the ledger could
 * not write — ever reached the console.
 */
class ServeShutdownTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void aStopThatTimesOutOnSigtermIsLoggedAndTheLedgerIsStillWritten() throws Exception {
        Path dir = Files.createTempDirectory("switchboard-serve");
        try (OutlastingStream upstreams = new OutlastingStream()) {
            Path config = Files.writeString(dir.resolve("switchboard.yaml"), "governance:\n  ledger:\n    flush_interval: 1h\n" + upstreams.yaml());
            Process serve = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "serve", "--config", config.toString(), "--host", "127.0.0.1", "--port", "0", "--data-dir", dir.resolve("data").toString())
                    .redirectErrorStream(true).start();
            try {
                List<String> output = new CopyOnWriteArrayList<>();
                CompletableFuture<String> port = new CompletableFuture<>();
                Thread reader = Thread.ofVirtual().start(() -> readLines(serve, line -> {
                    output.add(line);
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        port.complete(listening.group(1));
                    }
                }));
                HttpResponse<String> finished = upstreams.finishOneAndStartEndless(
                        "http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS) + "/v1/chat/completions");

                // SIGTERM, as an orchestrator sends it; Process.destroy() would also close the pipe the process logs to.
                serve.toHandle().destroy();

                assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(reader.join(Duration.ofSeconds(10))).as("read everything the process printed").isTrue();
                assertThat(finished.statusCode()).isEqualTo(200);
                assertThat(output).as(String.join("\n", output)).anyMatch(line -> line.contains("Stopping the HTTP server failed"));
                try (Database database = TestDatabase.SQLITE.open("jdbc:sqlite:" + dir.resolve("data").resolve(Database.SQLITE_FILE))) {
                    assertThat(new Jdbc(database).query("SELECT request_id FROM usage_ledger", row -> row.getString(1)))
                            .contains(finished.headers().firstValue("x-request-id").orElseThrow());
                }
            } finally {
                serve.destroyForcibly();
            }
        }
    }

    private static void readLines(Process process, Consumer<String> each) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                each.accept(line);
            }
        } catch (IOException e) {
            // The process ended; what it printed was handed on.
        }
    }
}
