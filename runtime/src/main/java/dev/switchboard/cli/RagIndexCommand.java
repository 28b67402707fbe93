package dev.switchboard.cli;

import dev.switchboard.rag.Collection;
import dev.switchboard.rag.IngestResult;
import dev.switchboard.rag.RagException;
import dev.switchboard.rag.RagStore;
import dev.switchboard.rag.embed.Embedders;
import dev.switchboard.rag.index.ChunkIndex;
import dev.switchboard.rag.ingest.Parsers;
import dev.switchboard.rag.ingest.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard rag index}: indexes files and folders into a collection (created when
 * missing) with the in-process embedding model, showing a progress bar. Incremental and
 * resumable: each document's content hash is stored with it, so a second run — or the run after
 * a crash, which loses at most what was written since the last commit — embeds only what is new
 * or changed; files gone from an indexed folder leave the collection. Exit code 0 when every file
 * was indexed, 1 when some failed (each is listed with its reason; the rest were indexed), 2 for
 * bad arguments.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Index files and folders (.md, .txt, .html, .pdf, .jsonl) into a collection, creating it if needed.",
                "Re-running skips unchanged documents, replaces changed ones and drops files gone from the folders:",
                "a run interrupted by a crash resumes where its last commit left off."})
final class RagIndexCommand implements Callable<Integer> {
    /** Commit after this many files: what a crash can cost to redo. */
    static final int COMMIT_EVERY = 16;

    @Option(names = "--collection", paramLabel = "NAME", required = true, description = "The collection's name (or id).")
    String collection;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders to index (folders recursively).")
    List<Path> paths;

    @Mixin
    RagChunkingOptions chunking;

    @Mixin
    RagStoreOptions store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                folders.add(path.toAbsolutePath().normalize());
                files.addAll(walk(path));
            } else if (Files.isRegularFile(path)) {
                files.add(path.toAbsolutePath().normalize());
            } else {
                err.println("switchboard: " + path + ": no such file or folder");
                return 2;
            }
        }
        try (RagStore rag = store.open()) {
            Collection target = findOrCreate(rag);
            return index(target, files, folders);
        } catch (RagException e) {
            err.println("switchboard: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof org.apache.lucene.store.LockObtainFailedException) {
                err.println("switchboard: collection '" + collection + "' is open in a running gateway: index through its API, or stop it first");
                return 2;
            }
            throw e;
        }
    }

    private Collection findOrCreate(RagStore rag) {
        try {
            return rag.get(store.team, collection);
        } catch (RagException e) {
            if (e.kind() != RagException.Kind.NOT_FOUND) {
                throw e;
            }
            Collection created = rag.create(store.team, collection, chunking.settings(), Map.of());
            spec.commandLine().getErr().println("created collection " + created.name() + " (" + created.id() + ")");
            return created;
        }
    }

    private int index(Collection target, List<Path> files, List<Path> folders) {
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr(), files.size(), System.console() != null);
        Embedders embedders = Embedders.localOnly();
        Set<String> seen = new HashSet<>();
        List<IngestResult> failed = new ArrayList<>();
        int indexed = 0;
        int unchanged = 0;
        long chunks = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String id = file.toString();
            seen.add(id);
            progress.show(i, file.getFileName().toString());
            IngestResult result;
            try {
                result = target.ingest(new SourceFile(id, file.getFileName().toString(), Files.readAllBytes(file), Map.of("path", id)), embedders);
            } catch (IOException e) {
                result = new IngestResult(id, file.getFileName().toString(), IngestResult.Status.FAILED, 0, 0, 0, "cannot read: " + e.getMessage());
            } catch (RagException e) {
                result = new IngestResult(id, file.getFileName().toString(), IngestResult.Status.FAILED, 0, 0, 0, e.getMessage());
            }
            switch (result.status()) {
                case INDEXED -> {
                    indexed++;
                    chunks += result.chunks();
                }
                case UNCHANGED -> unchanged++;
                case FAILED -> failed.add(result);
            }
            if ((i + 1) % COMMIT_EVERY == 0) {
                target.commit();
            }
        }
        int removed = prune(target, folders, seen);
        target.commit();
        progress.done();
        out.printf("collection %s: %d files indexed (%d chunks), %d unchanged, %d failed, %d removed; %d documents, %d chunks in all%n",
                target.name(), indexed, chunks, unchanged, failed.size(), removed, target.index().documents().size(), target.index().chunkCount());
        for (IngestResult f : failed) {
            out.println("  failed: " + f.fileId() + ": " + f.error());
        }
        return failed.isEmpty() ? 0 : 1;
    }

    /** Removes documents of files that were under an indexed folder and are gone from it. */
    private static int prune(Collection target, List<Path> folders, Set<String> seen) {
        int removed = 0;
        for (ChunkIndex.DocumentEntry entry : target.index().documents()) {
            String fileId = entry.fileId();
            if (fileId == null || seen.contains(fileId)) {
                continue;
            }
            Path path = Path.of(fileId);
            if (folders.stream().anyMatch(path::startsWith)) {
                removed += target.deleteFile(fileId);
            }
        }
        return removed;
    }

    private List<Path> walk(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).filter(p -> Parsers.supports(p.getFileName().toString()))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** A progress bar on a terminal, a line every tenth of the way otherwise (logs, CI). */
    static final class Progress {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final int total;
        private final boolean terminal;
        private final long started = System.nanoTime();
        private int lastTenth = -1;

        Progress(PrintWriter err, int total, boolean terminal) {
            this.err = err;
            this.total = total;
            this.terminal = terminal;
        }

        void show(int done, String current) {
            if (terminal) {
                int filled = total == 0 ? WIDTH : done * WIDTH / total;
                double seconds = (System.nanoTime() - started) / 1e9;
                String name = current.length() > 40 ? current.substring(0, 37) + "..." : current;
                err.printf("\r[%s%s] %d/%d files  %.1f files/s  %-40s", "#".repeat(filled), "-".repeat(WIDTH - filled), done, total,
                        seconds > 0 ? done / seconds : 0, name);
                err.flush();
            } else {
                int tenth = total == 0 ? 10 : done * 10 / total;
                if (tenth != lastTenth) {
                    lastTenth = tenth;
                    err.printf("indexing: %d/%d files%n", done, total);
                    err.flush();
                }
            }
        }

        void done() {
            if (terminal) {
                err.printf("\r[%s] %d/%d files%s%n", "#".repeat(WIDTH), total, total, " ".repeat(60));
            } else {
                err.printf("indexing: %d/%d files%n", total, total);
            }
            err.flush();
        }
    }
}
