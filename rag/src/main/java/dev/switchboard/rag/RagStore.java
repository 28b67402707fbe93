package dev.switchboard.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every collection, each owned by a team, persisted under one folder: {@code <root>/<id>/collection.json}
 * beside its index folder. A team sees only its own collections: looking up another team's answers
 * as if it did not exist. A gateway without governance has one owner, the null team.
 *
 * <p>Thread-safe. Creating, renaming and deleting are serialised on the store; a collection's own
 * operations are its business ({@link Collection}).
 */
public final class RagStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String INFO = "collection.json";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Clock clock;
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();

    private RagStore(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** Opens the store in {@code root}, creating the folder; reads every collection's settings (not their indexes). */
    public static RagStore open(Path root, Clock clock) {
        RagStore store = new RagStore(root, clock);
        try {
            Files.createDirectories(root);
            try (Stream<Path> folders = Files.list(root)) {
                for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve(INFO))).toList()) {
                    CollectionInfo info = JSON.readValue(folder.resolve(INFO).toFile(), CollectionInfo.class);
                    store.collections.put(info.id(), new Collection(folder, info, store));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the collections in " + root, e);
        }
        return store;
    }

    /**
     * @throws RagException {@code CONFLICT} when the team already has a collection of that name
     */
    public synchronized Collection create(String team, String name, CollectionSettings settings, Map<String, String> metadata) {
        CollectionInfo.requireValidName(name);
        requireNameFree(team, name, null);
        String id = "vs_" + HexFormat.of().formatHex(randomBytes());
        CollectionInfo info = new CollectionInfo(id, name, team, clock.instant().getEpochSecond(), settings, metadata, 1);
        Path folder = root.resolve(id);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        save(folder, info);
        Collection collection = new Collection(folder, info, this);
        collections.put(id, collection);
        return collection;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The team's collection of this id or name. @throws RagException {@code NOT_FOUND} otherwise, whoever else owns it */
    public Collection get(String team, String idOrName) {
        Collection byId = collections.get(idOrName);
        if (byId != null && Objects.equals(byId.info().team(), team)) {
            return byId;
        }
        return collections.values().stream()
                .filter(c -> Objects.equals(c.info().team(), team) && c.name().equals(idOrName))
                .findFirst()
                .orElseThrow(() -> RagException.notFound("No collection '" + idOrName + "' found for this key's team."));
    }

    /** A collection by id whatever its team: for the owner's own maintenance (resuming its jobs), never for a caller. */
    public java.util.Optional<Collection> find(String id) {
        return java.util.Optional.ofNullable(collections.get(id));
    }

    /** The team's collections, oldest first. */
    public List<Collection> list(String team) {
        List<Collection> out = new ArrayList<>();
        for (Collection c : collections.values()) {
            if (Objects.equals(c.info().team(), team)) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparingLong((Collection c) -> c.info().createdAt()).thenComparing(Collection::id));
        return out;
    }

    /** Renames a collection and replaces its metadata. @throws RagException as {@link #create} and {@link #get} */
    public synchronized Collection update(String team, String id, String name, Map<String, String> metadata) {
        Collection collection = get(team, id);
        String newName = name == null ? collection.name() : name;
        CollectionInfo.requireValidName(newName);
        requireNameFree(team, newName, collection.id());
        collection.rename(newName, metadata == null ? collection.info().metadata() : metadata);
        return collection;
    }

    /** Deletes a collection, its index and settings. @throws RagException {@code NOT_FOUND} as {@link #get} */
    public synchronized void delete(String team, String id) {
        Collection collection = get(team, id);
        collections.remove(collection.id());
        collection.close();
        deleteTree(collection.folder());
    }

    private void requireNameFree(String team, String name, String except) {
        for (Collection c : collections.values()) {
            if (Objects.equals(c.info().team(), team) && c.name().equals(name) && !c.id().equals(except)) {
                throw new RagException(RagException.Kind.CONFLICT, "This team already has a collection named '" + name + "'.", "name");
            }
        }
    }

    /** Writes {@code collection.json} through a temporary file and an atomic rename: a crash leaves the old or the new. */
    void save(Path folder, CollectionInfo info) {
        Path target = folder.resolve(INFO);
        Path temporary = folder.resolve(INFO + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), info);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + target, e);
        }
    }

    static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    /** Closes every open index; Lucene commits what was written before a clean close. */
    @Override
    public void close() {
        collections.values().forEach(Collection::close);
    }
}
