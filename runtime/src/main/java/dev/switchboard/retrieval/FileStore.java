package dev.switchboard.retrieval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.error.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Uploaded files ({@code /v1/files}), each owned by the uploader's team: {@code <root>/<id>/content}
 * beside {@code meta.json}. A team sees only its own files; another team's id is not found.
 */
public final class FileStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored file's description, as {@code meta.json} holds it. */
    public record StoredFile(@JsonProperty("id") String id, @JsonProperty("filename") String filename, @JsonProperty("bytes") long bytes,
                      @JsonProperty("created_at") long createdAt, @JsonProperty("purpose") String purpose, @JsonProperty("team") String team) {
    }

    private final Path root;
    private final Clock clock;

    FileStore(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    public StoredFile save(String team, String filename, String purpose, byte[] content) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String id = "file-" + HexFormat.of().formatHex(random);
        StoredFile file = new StoredFile(id, filename, content.length, clock.instant().getEpochSecond(), purpose, team);
        Path folder = root.resolve(id);
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve("content"), content);
            // meta.json last: a file without it was never completely stored and is not listed.
            JSON.writeValue(folder.resolve("meta.json").toFile(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + filename, e);
        }
        return file;
    }

    /** @throws GatewayException.NotFound for an unknown id or another team's file */
    public StoredFile get(String team, String id) {
        Path meta = validId(id) ? root.resolve(id).resolve("meta.json") : null;
        if (meta != null && Files.isRegularFile(meta)) {
            try {
                StoredFile file = JSON.readValue(meta.toFile(), StoredFile.class);
                if (Objects.equals(file.team(), team)) {
                    return file;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + meta, e);
            }
        }
        throw new GatewayException.NotFound("No file found with id '" + id + "'.");
    }

    public byte[] content(StoredFile file) {
        try {
            return Files.readAllBytes(root.resolve(file.id()).resolve("content"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.id(), e);
        }
    }

    public List<StoredFile> list(String team) {
        List<StoredFile> out = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.toList()) {
                Path meta = folder.resolve("meta.json");
                if (Files.isRegularFile(meta)) {
                    StoredFile file = JSON.readValue(meta.toFile(), StoredFile.class);
                    if (Objects.equals(file.team(), team)) {
                        out.add(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        out.sort(Comparator.comparingLong(StoredFile::createdAt).reversed().thenComparing(StoredFile::id));
        return out;
    }

    public void delete(String team, String id) {
        StoredFile file = get(team, id);
        Path folder = root.resolve(file.id());
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + id, e);
        }
    }

    private static boolean validId(String id) {
        return id != null && id.matches("file-[0-9a-f]{24}");
    }
}
