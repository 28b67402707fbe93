package dev.switchboard.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.auth.Caller;
import dev.switchboard.dialect.openai.OpenAiDialect;
import dev.switchboard.governance.admin.TeamCollections;
import dev.switchboard.pipeline.ModelPipeline;
import dev.switchboard.rag.Collection;
import dev.switchboard.rag.CollectionSettings;
import dev.switchboard.rag.IngestResult;
import dev.switchboard.rag.RagException;
import dev.switchboard.rag.RagStore;
import dev.switchboard.rag.embed.Embedders;
import dev.switchboard.rag.embed.LocalEmbedder;
import dev.switchboard.rag.ingest.SourceFile;
import dev.switchboard.rag.tool.SearchTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's side of retrieval: the collections ({@code rag} module) under {@code <data>/rag},
 * uploaded files, the background jobs that ingest files into collections, and the embedders a
 * caller's requests use — the in-process model, or a gateway-served model called through the
 * model pipeline on the caller's behalf so it is governed and billed like any request.
 *
 * <p>Ingestion jobs run on {@value #WORKERS} worker threads (embedding is CPU-bound: more workers
 * than cores only queue inside ONNX Runtime); each job's state is a file, written before the job
 * runs and after it ends, so a restart finds the jobs a crash interrupted: those of a collection
 * with the in-process model run again (their unchanged documents are skipped), the others are
 * marked failed, since their caller (whose key pays for the embeddings) is gone.
 */
public final class RagService implements TeamCollections, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RagService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int WORKERS = 2;

    private final RagStore store;
    private final FileStore files;
    private final Path jobs;
    private final ModelPipeline pipeline;
    private final OpenAiDialect dialect;
    private final Clock clock;
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, Thread.ofPlatform().name("rag-ingest-", 0).daemon().factory());
    /** Collections being rebuilt, which show as in progress. */
    private final java.util.Set<String> rebuilding = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Jobs queued or running, for {@link #awaitIdle}. */
    private final Phaser running = new Phaser(1);

    private RagService(Path root, ModelPipeline pipeline, OpenAiDialect dialect, Clock clock) {
        this.store = RagStore.open(root.resolve("collections"), clock);
        this.files = new FileStore(root.resolve("files"), clock);
        this.jobs = root.resolve("jobs");
        this.pipeline = pipeline;
        this.dialect = dialect;
        this.clock = clock;
    }

    /** Opens the collections and files under {@code <dataDir>/rag} and resumes the jobs a crash interrupted. */
    public static RagService open(Path dataDir, ModelPipeline pipeline, OpenAiDialect dialect, Clock clock) {
        RagService service = new RagService(dataDir.resolve("rag"), pipeline, dialect, clock);
        service.resumeInterrupted();
        return service;
    }

    public RagStore store() {
        return store;
    }

    public FileStore files() {
        return files;
    }

    /** Embedders for requests made by {@code caller}: gateway-served models are called, and billed, on its behalf. */
    public Embedders embedders(Caller caller, String tag) {
        return model -> CollectionSettings.LOCAL_MODEL.equals(model) ? LocalEmbedder.shared()
                : new GatewayEmbedder(pipeline, dialect, caller, model, tag);
    }

    /** The {@code rag_search} tool over this store; its caller's team and embedders come with each call. */
    public SearchTool tool() {
        return new SearchTool(store);
    }

    /** The team a caller's collections belong to: its key's team, or the null team of a gateway without governance. */
    public static String team(Caller caller) {
        return caller.teamId();
    }

    // --- files added to collections: background jobs

    /**
     * Adds an uploaded file to a collection: records the job as in progress and queues it.
     *
     * @throws RagException {@code UNSUPPORTED_TYPE} for a file no parser reads
     */
    public FileJob add(Caller caller, Collection collection, FileStore.StoredFile file, Map<String, String> attributes) {
        if (!dev.switchboard.rag.ingest.Parsers.supports(file.filename())) {
            throw new RagException(RagException.Kind.UNSUPPORTED_TYPE, "Unsupported file type for '" + file.filename() + "'. Supported types: "
                    + String.join(", ", dev.switchboard.rag.ingest.Parsers.SUPPORTED) + ".", "file_id");
        }
        FileJob job = new FileJob(file.id(), collection.id(), FileJob.IN_PROGRESS, clock.instant().getEpochSecond(), file.bytes(), null, null,
                attributes, collection.settings().local());
        save(job);
        submit(job, collection, file, embedders(caller, "rag/" + collection.id()));
        return job;
    }

    private void submit(FileJob job, Collection collection, FileStore.StoredFile file, Embedders embedders) {
        running.register();
        workers.execute(() -> {
            try {
                save(ingest(job, collection, file, embedders));
            } finally {
                running.arriveAndDeregister();
            }
        });
    }

    private FileJob ingest(FileJob job, Collection collection, FileStore.StoredFile file, Embedders embedders) {
        try {
            IngestResult result = collection.ingest(new SourceFile(file.id(), file.filename(), files.content(file), job.attributes()), embedders);
            collection.commit();
            return result.status() == IngestResult.Status.FAILED ? job.failed("invalid_file", result.error()) : job.completed();
        } catch (RagException e) {
            return job.failed(e.kind() == RagException.Kind.UNSUPPORTED_TYPE ? "unsupported_file" : "invalid_file", e.getMessage());
        } catch (dev.switchboard.error.GatewayException e) {
            // The gateway-served model refused or failed (budget, rate limit, upstream): the caller's own reason.
            return job.failed("server_error", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Ingesting file {} into collection {} failed", file.id(), collection.id(), e);
            return job.failed("server_error", "The file could not be indexed because of an internal error.");
        }
    }

    /** The file's job in the collection. @throws dev.switchboard.error.GatewayException.NotFound when the file was never added */
    public FileJob job(Collection collection, String fileId) {
        Path path = jobPath(collection.id(), fileId);
        if (fileId.matches("file-[0-9a-f]{24}") && Files.isRegularFile(path)) {
            return read(path);
        }
        throw new dev.switchboard.error.GatewayException.NotFound("No file '" + fileId + "' in vector store '" + collection.id() + "'.");
    }

    public List<FileJob> jobs(String collectionId) {
        Path folder = jobs.resolve(collectionId);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(folder)) {
            return all.filter(p -> p.toString().endsWith(".json")).map(RagService::read)
                    .sorted(Comparator.comparingLong(FileJob::createdAt).thenComparing(FileJob::fileId)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the file's documents from the collection and forgets its job. */
    public void remove(Collection collection, String fileId) {
        FileJob job = job(collection, fileId);
        collection.deleteFile(job.fileId());
        collection.commit();
        try {
            Files.deleteIfExists(jobPath(collection.id(), fileId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts of the collection's files by status, as OpenAI's {@code file_counts}. */
    public Map<String, Long> counts(String collectionId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : List.of(FileJob.IN_PROGRESS, FileJob.COMPLETED, FileJob.FAILED)) {
            counts.put(status, 0L);
        }
        for (FileJob job : jobs(collectionId)) {
            counts.merge(job.status(), 1L, Long::sum);
        }
        return counts;
    }

    /** Re-embeds a collection with another model, in the background; its files show in progress meanwhile. */
    public void rebuild(Caller caller, Collection collection, String model) {
        Embedders embedders = embedders(caller, "rag/" + collection.id());
        embedders.forModel(model);
        if (!rebuilding.add(collection.id())) {
            throw new dev.switchboard.error.GatewayException.Conflict("Vector store '" + collection.id() + "' is already being rebuilt.");
        }
        running.register();
        workers.execute(() -> {
            try {
                collection.rebuild(model, embedders, id -> {
                });
            } catch (RuntimeException e) {
                LOG.error("Rebuilding collection {} with model {} failed; it keeps its old index", collection.id(), model, e);
            } finally {
                rebuilding.remove(collection.id());
                running.arriveAndDeregister();
            }
        });
    }

    /** Whether the collection is being rebuilt with another model. */
    public boolean rebuilding(String collectionId) {
        return rebuilding.contains(collectionId);
    }

    /** Waits until every queued job has ended: for tests and a graceful stop. */
    public boolean awaitIdle(long timeout, TimeUnit unit) {
        // The phaser's own party arrives; the phase advances once every job registered in it has ended too.
        int phase = running.arrive();
        try {
            running.awaitAdvanceInterruptibly(phase, timeout, unit);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void deleteJobs(String collectionId) {
        Path folder = jobs.resolve(collectionId);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> all = Files.walk(folder)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void resumeInterrupted() {
        if (!Files.isDirectory(jobs)) {
            return;
        }
        try (Stream<Path> all = Files.walk(jobs)) {
            for (Path path : all.filter(p -> p.toString().endsWith(".json")).toList()) {
                FileJob job = read(path);
                if (!FileJob.IN_PROGRESS.equals(job.status())) {
                    continue;
                }
                Collection collection = store.find(job.collectionId()).orElse(null);
                if (collection == null) {
                    Files.deleteIfExists(path);
                } else if (job.local()) {
                    String team = collection.info().team();
                    LOG.info("Resuming the indexing of file {} into collection {}, interrupted by a stop", job.fileId(), job.collectionId());
                    submit(job, collection, files.get(team, job.fileId()), embedders(dev.switchboard.auth.Caller.UNGOVERNED, "rag/" + collection.id()));
                } else {
                    save(job.failed("server_error", "Indexing was interrupted by a restart of the gateway; add the file again."));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ingestion jobs in " + jobs, e);
        }
    }

    private Path jobPath(String collectionId, String fileId) {
        return jobs.resolve(collectionId).resolve(fileId + ".json");
    }

    private void save(FileJob job) {
        Path path = jobPath(job.collectionId(), job.fileId());
        Path temporary = path.resolveSibling(job.fileId() + ".json.tmp");
        try {
            Files.createDirectories(path.getParent());
            JSON.writeValue(temporary.toFile(), job);
            Files.move(temporary, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save job " + path, e);
        }
    }

    private static FileJob read(Path path) {
        try {
            return JSON.readValue(path.toFile(), FileJob.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job " + path, e);
        }
    }

    // --- the admin API's view

    @Override
    public List<Map<String, Object>> list(String teamId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Collection c : store.list(teamId)) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", c.id());
            view.put("name", c.name());
            view.put("embedding_model", c.settings().embeddingModel());
            view.put("documents", c.index().documents().size());
            view.put("chunks", c.index().chunkCount());
            view.put("usage_bytes", c.index().sizeBytes());
            view.put("created_at", c.info().createdAt());
            out.add(view);
        }
        return out;
    }

    @Override
    public boolean delete(String teamId, String collectionId) {
        try {
            Collection c = store.get(teamId, collectionId);
            store.delete(teamId, c.id());
            deleteJobs(c.id());
            return true;
        } catch (RagException e) {
            if (e.kind() == RagException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Stops taking jobs, lets running ones finish (up to a minute), then closes the indexes (which commits them). */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }

}
