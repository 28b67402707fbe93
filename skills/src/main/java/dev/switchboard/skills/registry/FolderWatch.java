package dev.switchboard.skills.registry;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches folders, and every folder below them, for changes, and runs a callback once a burst of
 * changes has settled: copying a skill folder in is hundreds of events, and one rescan after them
 * is what is wanted. New subfolders are watched as they appear.
 *
 * <p>One platform daemon thread per watch, parked in {@link WatchService#take} between changes:
 * nothing polls. The settle delay is the wait for the next event of a burst, not a sleep.
 */
final class FolderWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWatch.class);
    // Long enough for a copy or a `git pull` to finish writing, short enough to feel immediate.
    private static final long SETTLE_MILLIS = 200;

    private final WatchService service;
    private final Thread thread;

    private FolderWatch(WatchService service, Runnable changed) {
        this.service = service;
        this.thread = Thread.ofPlatform().daemon().name("skills-watch").unstarted(() -> run(changed));
    }

    /** Starts watching {@code roots} (those that exist); {@code changed} runs on the watch's thread. */
    static FolderWatch start(List<Path> roots, Runnable changed) throws IOException {
        FolderWatch watch = new FolderWatch(FileSystems.getDefault().newWatchService(), changed);
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                watch.registerTree(root);
            }
        }
        watch.thread.start();
        return watch;
    }

    private void registerTree(Path root) throws IOException {
        Files.walkFileTree(root, java.util.Set.of(), 6, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void run(Runnable changed) {
        try {
            while (true) {
                WatchKey key = service.take();
                do {
                    watchNewFolders(key);
                    key.reset();
                    key = service.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
                } while (key != null);
                try {
                    changed.run();
                } catch (RuntimeException e) {
                    LOG.error("Reloading skills after a change failed; the skills loaded before stay in use", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: the watch ends.
        }
    }

    private void watchNewFolders(WatchKey key) {
        Path dir = (Path) key.watchable();
        for (var event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && event.context() instanceof Path name) {
                Path created = dir.resolve(name);
                if (Files.isDirectory(created)) {
                    try {
                        registerTree(created);
                    } catch (IOException e) {
                        LOG.warn("Cannot watch the new skills folder {}: {}", created, e.getMessage());
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.warn("Closing the skills folder watch failed: {}", e.getMessage());
        }
        thread.interrupt();
    }
}
