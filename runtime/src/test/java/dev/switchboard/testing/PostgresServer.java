package dev.switchboard.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: the one named by {@code SWITCHBOARD_TEST_POSTGRES_URL}
 * (a {@code jdbc:postgresql://host:port/} URL of a superuser), or else a throwaway cluster this
 * class creates with the Debian package's {@code initdb} and {@code pg_ctl} in a temporary
 * directory on a free port, started once per test JVM and stopped when it exits. As root the
 * cluster runs as the {@code postgres} user, since PostgreSQL refuses to run as root.
 *
 * <p>Each test gets its own database from {@link #newDatabase}, so tests never see each other's rows.
 */
public final class PostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile PostgresServer shared;

    private final String baseUrl;
    private final String user;

    private PostgresServer(String baseUrl, String user) {
        this.baseUrl = baseUrl;
        this.user = user;
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) {
            String url = System.getenv("SWITCHBOARD_TEST_POSTGRES_URL");
            shared = url != null && !url.isBlank() ? new PostgresServer(url.endsWith("/") ? url : url + "/", "postgres") : startThrowaway();
        }
        return shared;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String newDatabase() {
        String name = "switchboard_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(baseUrl + "postgres", user, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + baseUrl + ": " + e.getMessage(), e);
        }
        return baseUrl + name;
    }

    public String user() {
        return user;
    }

    private static PostgresServer startThrowaway() {
        Path bin = findBinaries();
        try {
            Path dir = Files.createTempDirectory("switchboard-pg");
            Path data = dir.resolve("data");
            int port = freePort();
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "-R", "postgres", dir.toString()));
            }
            run(asOwner(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--no-sync")));
            // fsync off: a test cluster trades crash safety for speed; it is thrown away anyway.
            String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                    + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
            run(asOwner(root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-o", options,
                    "-l", dir.resolve("log").toString(), "-w", "start")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(bin, data, dir, root), "postgres-stop"));
            return new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/", "postgres");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a throwaway PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static void stop(Path bin, Path data, Path dir, boolean root) {
        try {
            run(asOwner(root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop")));
        } catch (RuntimeException e) {
            // The JVM is exiting; a cluster left running dies with the temporary directory's removal below.
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary directory is harmless.
        }
    }

    private static Path findBinaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(PostgresServer::notInstalled);
        } catch (IOException e) {
            throw notInstalled();
        }
    }

    private static IllegalStateException notInstalled() {
        return new IllegalStateException("PostgreSQL is not installed: the governance tests run against a real server."
                + " Install it with 'apt-get install postgresql' (.ci/run does), or point SWITCHBOARD_TEST_POSTGRES_URL at one.");
    }

    private static List<String> asOwner(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + new String(output));
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
