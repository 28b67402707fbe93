package dev.switchboard.skills.registry;

import dev.switchboard.skills.Diagnostic;
import dev.switchboard.skills.Origin;
import dev.switchboard.skills.Skill;
import dev.switchboard.skills.SkillLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every skill the gateway knows, from three sources in increasing precedence: the shipped library,
 * the folders of {@code skills.paths}, and skills uploaded by teams. A team sees the library's and
 * the configured skills plus its own uploads; where names collide the later source wins (a team's
 * own skill shadows a configured one, which shadows the library's) and the shadowing is reported.
 *
 * <p>Implementation: the loaded skills are one immutable {@link Catalog}, replaced whole on every
 * reload and read without locks, so a request never sees half a reload. Reloads come from the
 * folder watch (hot reload of {@code skills.paths}), from uploads and removals, and from
 * {@link #reload}; they are serialised by {@code this}. Uploaded skills live on disk under
 * {@code uploads/<team id>/<name>/}; an upload is unpacked and validated in {@code uploads/.staging}
 * and moved into place with one rename, so a refused or failed upload leaves nothing installed.
 */
public final class SkillRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SkillRegistry.class);
    private static final Pattern TEAM_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");
    private static final String STAGING = ".staging";

    /**
     * @param paths     folders of skills (or single skill folders) to load, as configured
     * @param library   whether the shipped library is loaded
     * @param uploads   where uploaded skills are kept; null to refuse uploads
     * @param hotReload whether changes under {@code paths} are picked up while running
     * @param limits    bounds on uploaded archives
     */
    public record Settings(List<Path> paths, boolean library, Path uploads, boolean hotReload, UploadLimits limits) {
        public Settings {
            paths = List.copyOf(paths);
            limits = limits == null ? UploadLimits.DEFAULTS : limits;
        }
    }

    /** The skills at one moment: shared ones by name, each team's uploads by team and name, and what loading reported. */
    private record Catalog(Map<String, Skill> shared, Map<String, Map<String, Skill>> teams, List<Diagnostic> diagnostics) {
    }

    private final Settings settings;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Catalog catalog = new Catalog(Map.of(), Map.of(), List.of());
    private FolderWatch watch;

    private SkillRegistry(Settings settings) {
        this.settings = settings;
    }

    /** Loads every source and, when asked to, starts watching {@code skills.paths}. */
    public static SkillRegistry open(Settings settings) {
        SkillRegistry registry = new SkillRegistry(settings);
        if (settings.uploads() != null) {
            // Staging holds only what an upload in progress had unpacked when the process stopped.
            deleteTree(settings.uploads().resolve(STAGING));
            try {
                Files.createDirectories(settings.uploads());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the folder for uploaded skills " + settings.uploads(), e);
            }
        }
        registry.reload();
        if (settings.hotReload() && !settings.paths().isEmpty()) {
            try {
                registry.watch = FolderWatch.start(settings.paths(), registry::reload);
            } catch (IOException e) {
                LOG.warn("Skills will not reload on change: the folders cannot be watched: {}", e.getMessage());
            }
        }
        return registry;
    }

    /** The skills a caller of {@code teamId} sees, by name; {@code teamId} null for a caller with no team. */
    public List<Skill> visibleTo(String teamId) {
        Catalog now = catalog;
        Map<String, Skill> visible = new TreeMap<>(now.shared());
        if (teamId != null) {
            visible.putAll(now.teams().getOrDefault(teamId, Map.of()));
        }
        return List.copyOf(visible.values());
    }

    /** The skill of that name a caller of {@code teamId} sees. */
    public Optional<Skill> find(String teamId, String name) {
        Catalog now = catalog;
        Skill own = teamId == null ? null : now.teams().getOrDefault(teamId, Map.of()).get(name);
        return Optional.ofNullable(own != null ? own : now.shared().get(name));
    }

    /** The skills {@code teamId} uploaded, by name. */
    public List<Skill> uploadedBy(String teamId) {
        return List.copyOf(new TreeMap<>(catalog.teams().getOrDefault(teamId, Map.of())).values());
    }

    /** What the last load reported: skipped skills (errors) and skills loaded despite faults (warnings). */
    public List<Diagnostic> diagnostics() {
        return catalog.diagnostics();
    }

    /** How many skills are loaded: the shared ones and every team's uploads. */
    public int size() {
        Catalog now = catalog;
        return now.shared().size() + now.teams().values().stream().mapToInt(Map::size).sum();
    }

    /** Runs {@code listener} after every reload, on the thread that reloaded. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Reads every source again and swaps the result in. */
    public synchronized void reload() {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, Skill> shared = new LinkedHashMap<>();
        if (settings.library()) {
            ShippedLibrary.folder().ifPresent(folder -> loadInto(shared, folder, Origin.library(), diagnostics));
        }
        for (Path path : settings.paths()) {
            loadInto(shared, path, Origin.configured(path.toString()), diagnostics);
        }
        Map<String, Map<String, Skill>> teams = new HashMap<>();
        if (settings.uploads() != null && Files.isDirectory(settings.uploads())) {
            try (var folders = Files.list(settings.uploads())) {
                for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                    String team = folder.getFileName().toString();
                    if (!team.equals(STAGING)) {
                        Map<String, Skill> own = new LinkedHashMap<>();
                        loadInto(own, folder, Origin.team(team), diagnostics);
                        teams.put(team, Map.copyOf(own));
                    }
                }
            } catch (IOException e) {
                diagnostics.add(Diagnostic.error(settings.uploads(), 0, null, "cannot be read: " + e.getMessage()));
            }
        }
        for (var team : teams.entrySet()) {
            for (String name : team.getValue().keySet()) {
                if (shared.containsKey(name)) {
                    Skill skill = team.getValue().get(name);
                    diagnostics.add(Diagnostic.warning(skill.file(), 0, "name", "team " + team.getKey() + "'s skill '" + name
                            + "' shadows the one from " + shared.get(name).origin() + " for that team"));
                }
            }
        }
        catalog = new Catalog(Map.copyOf(shared), Map.copyOf(teams), List.copyOf(diagnostics));
        LOG.debug("Skills loaded: {} shared, {} uploaded by {} teams", shared.size(),
                teams.values().stream().mapToInt(Map::size).sum(), teams.size());
        listeners.forEach(Runnable::run);
    }

    private static void loadInto(Map<String, Skill> into, Path root, Origin origin, List<Diagnostic> diagnostics) {
        List<Path> folders;
        try {
            folders = SkillLoader.discover(root);
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(root, 0, null, "cannot be read: " + e.getMessage()));
            return;
        }
        for (Path folder : folders) {
            SkillLoader.Loaded loaded = SkillLoader.load(folder, origin);
            diagnostics.addAll(loaded.diagnostics());
            loaded.skill().ifPresent(skill -> {
                Skill before = into.get(skill.name());
                if (before != null && before.origin().kind() == origin.kind()) {
                    // The client guide: within one scope, first found wins, and the collision is reported.
                    diagnostics.add(Diagnostic.warning(skill.file(), 0, "name", "a skill named '" + skill.name()
                            + "' was already loaded from " + before.directory() + "; this one is ignored"));
                    return;
                }
                if (before != null) {
                    diagnostics.add(Diagnostic.warning(skill.file(), 0, "name", "shadows the skill '" + skill.name()
                            + "' from " + before.origin()));
                }
                into.put(skill.name(), skill);
            });
        }
    }

    /**
     * Unpacks and strictly validates an uploaded archive for {@code teamId}, without installing it:
     * {@link Upload#install} does that. Nothing is left behind when this throws.
     *
     * @param shownAs the archive's name in errors, e.g. {@code pdf.zip}
     * @throws SkillRejected naming each fault's file and field
     * @throws IllegalStateException when the registry takes no uploads
     */
    public Upload stage(String teamId, byte[] archive, String shownAs) {
        Path uploads = Objects.requireNonNull(settings.uploads(), "uploads are not enabled");
        requireTeamId(teamId);
        Path staging = uploads.resolve(STAGING).resolve(UUID.randomUUID().toString());
        Path shown = Path.of(shownAs);
        try {
            Path unpacked = staging.resolve("unpacked");
            String folder = SkillArchive.unpack(archive, unpacked, settings.limits(), shown);
            // A skill zipped from its folder keeps the folder's name; one zipped from inside is named by its frontmatter.
            String name = folder != null ? folder : Upload.declaredName(unpacked, shown);
            Path dir = staging.resolve(name);
            Files.move(unpacked, dir);
            Path shownDir = folder != null ? shown.resolve(folder) : shown;
            List<Diagnostic> faults = SkillLoader.validate(dir).stream().map(d -> d.relativeTo(dir, shownDir)).toList();
            List<Diagnostic> errors = faults.stream().filter(Diagnostic::isError).toList();
            if (!errors.isEmpty()) {
                throw new SkillRejected(errors.size() + " fault" + (errors.size() == 1 ? "" : "s") + " in " + shownAs + ": " + errors.get(0)
                        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors, false);
            }
            Skill skill = SkillLoader.load(dir, Origin.team(teamId)).skill().orElseThrow();
            return new Upload(this, teamId, skill, staging, faults, find(teamId, name), catalog.shared().get(name));
        } catch (SkillRejected e) {
            deleteTree(staging);
            throw e;
        } catch (IOException e) {
            deleteTree(staging);
            throw new UncheckedIOException("cannot stage the uploaded skill", e);
        } catch (RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    /** Removes a skill {@code teamId} uploaded; false when it has none of that name. */
    public synchronized boolean remove(String teamId, String name) {
        requireTeamId(teamId);
        if (settings.uploads() == null || !catalog.teams().getOrDefault(teamId, Map.of()).containsKey(name)) {
            return false;
        }
        Path installed = catalog.teams().get(teamId).get(name).directory();
        Path trash = settings.uploads().resolve(STAGING).resolve(UUID.randomUUID() + "-removed");
        try {
            Files.createDirectories(trash.getParent());
            Files.move(installed, trash, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the skill " + name, e);
        }
        deleteTree(trash);
        reload();
        return true;
    }

    /** Moves a staged upload into place; returns the folder of the version it replaced (moved aside), or null. */
    synchronized Path install(String teamId, Path staged, String name, Path aside) throws IOException {
        Path target = settings.uploads().resolve(teamId).resolve(name);
        Files.createDirectories(target.getParent());
        Path replaced = null;
        if (Files.exists(target)) {
            Files.move(target, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            replaced = aside;
        }
        Files.move(staged, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        reload();
        return replaced;
    }

    /** Puts back what an install replaced (or removes what it added). */
    synchronized void undo(String teamId, String name, Path replaced) throws IOException {
        Path target = settings.uploads().resolve(teamId).resolve(name);
        deleteTree(target);
        if (replaced != null) {
            Files.move(replaced, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        reload();
    }

    private static void requireTeamId(String teamId) {
        if (teamId == null || !TEAM_ID.matcher(teamId).matches() || teamId.equals(STAGING)) {
            throw new IllegalArgumentException("not a team id: " + teamId);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", root, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
    }
}
