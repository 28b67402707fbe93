package dev.switchboard.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md, read off the sources: a rule that only lives in a
 * document erodes one convenient import at a time.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/switchboard");
    // HTTP layers: the endpoints and their adapters, the composition root, and the admin API.
    private static final List<String> HTTP_LAYERS = List.of("http", "server", "governance/admin");

    @Test
    void only_http_layers_depend_on_the_http_layer() {
        assertThat(outsideHttpLayers(Pattern.compile("import dev\\.switchboard\\.http\\."))).isEmpty();
    }

    @Test
    void nothing_below_the_http_layer_sees_javalin_or_servlets() {
        assertThat(outsideHttpLayers(Pattern.compile("import (io\\.javalin|jakarta\\.servlet)\\."))).isEmpty();
    }

    @Test
    void the_pipeline_knows_no_transport() {
        try (Stream<Path> files = javaFiles(SOURCES.resolve("pipeline"))) {
            assertThat(files.filter(file -> matches(file, Pattern.compile("import dev\\.switchboard\\.(http|server)\\.")))
                    .map(ArchitectureTest::name).toList()).isEmpty();
        }
    }

    private static List<String> outsideHttpLayers(Pattern forbidden) {
        try (Stream<Path> files = javaFiles(SOURCES)) {
            return files.filter(file -> HTTP_LAYERS.stream().noneMatch(layer -> name(file).startsWith(layer + "/")))
                    .filter(file -> matches(file, forbidden))
                    .map(ArchitectureTest::name)
                    .toList();
        }
    }

    private static String name(Path file) {
        return SOURCES.relativize(file).toString();
    }

    private static Stream<Path> javaFiles(Path dir) {
        try {
            return Files.walk(dir).filter(file -> file.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean matches(Path file, Pattern pattern) {
        try {
            return pattern.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
