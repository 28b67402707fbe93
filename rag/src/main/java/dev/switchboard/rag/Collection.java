package dev.switchboard.rag;

import dev.switchboard.rag.embed.Embedder;
import dev.switchboard.rag.embed.Embedders;
import dev.switchboard.rag.index.ChunkIndex;
import dev.switchboard.rag.index.IndexedDocument;
import dev.switchboard.rag.index.LuceneIndex;
import dev.switchboard.rag.ingest.Chunk;
import dev.switchboard.rag.ingest.Chunker;
import dev.switchboard.rag.ingest.ParsedDocument;
import dev.switchboard.rag.ingest.Parsers;
import dev.switchboard.rag.ingest.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * One collection: its settings and its index, with ingestion and search.
 *
 * <p>Ingestion is incremental: each document's content hash (its text, title and metadata, and the
 * chunking and model settings) is stored with it; a document whose hash is unchanged is skipped, a
 * changed one replaces its chunks in one atomic write. Any number of threads may ingest and search
 * at once; a {@link #rebuild} holds ingestion off while it re-embeds everything into a new index.
 */
public final class Collection {
    /** Chunks embedded per call: enough to amortise a call, small enough to show progress. */
    private static final int EMBED_BATCH = 32;

    private final Path folder;
    private final RagStore store;
    private final ReadWriteLock rebuilding = new ReentrantReadWriteLock();
    private volatile CollectionInfo info;
    private volatile ChunkIndex index;

    Collection(Path folder, CollectionInfo info, RagStore store) {
        this.folder = folder;
        this.info = info;
        this.store = store;
    }

    public CollectionInfo info() {
        return info;
    }

    public String id() {
        return info.id();
    }

    public String name() {
        return info.name();
    }

    public CollectionSettings settings() {
        return info.settings();
    }

    /** The collection's index, opened on first use. */
    public ChunkIndex index() {
        ChunkIndex open = index;
        if (open == null) {
            synchronized (this) {
                open = index;
                if (open == null) {
                    open = LuceneIndex.open(indexFolder(info.generation()), info.settings().quantizedVectors());
                    index = open;
                }
            }
        }
        return open;
    }

    private Path indexFolder(int generation) {
        return folder.resolve("index-" + generation);
    }

    /**
     * Parses, chunks, embeds and writes one file's documents, skipping those whose content is
     * unchanged. A file that cannot be parsed fails alone, with the reason; nothing of it is written.
     * Does not commit: call {@link #commit} when a batch is done (the API commits each file).
     */
    public IngestResult ingest(SourceFile file, Embedders embedders) {
        List<ParsedDocument> documents;
        try {
            documents = Parsers.parse(file);
        } catch (RagException e) {
            if (e.kind() == RagException.Kind.UNSUPPORTED_TYPE) {
                throw e;
            }
            return IngestResult.failed(file.id(), file.name(), e.getMessage());
        } catch (RuntimeException e) {
            return IngestResult.failed(file.id(), file.name(), "cannot read '" + file.name() + "': " + e);
        }
        rebuilding.readLock().lock();
        try {
            ChunkIndex target = index();
            CollectionSettings settings = info.settings();
            Chunker chunker = new Chunker(settings.chunkTokens(), settings.overlapTokens());
            Embedder embedder = null;
            int written = 0;
            int chunks = 0;
            int skipped = 0;
            for (ParsedDocument document : documents) {
                String hash = contentHash(document, settings);
                if (target.contentHash(document.id()).filter(hash::equals).isPresent()) {
                    skipped++;
                    continue;
                }
                List<Chunk> pieces = chunker.chunk(document);
                if (embedder == null) {
                    embedder = embedders.forModel(settings.embeddingModel());
                }
                target.put(new IndexedDocument(document.id(), hash, file.id(), document.source(), document.title(), document.attributes(),
                        pieces, embed(embedder, document.title(), pieces)));
                written++;
                chunks += pieces.size();
            }
            // A re-uploaded file replaces what it held: records gone from it go from the index too.
            java.util.Set<String> present = new java.util.HashSet<>();
            documents.forEach(d -> present.add(d.id()));
            for (ChunkIndex.DocumentEntry entry : target.documents()) {
                if (file.id().equals(entry.fileId()) && !present.contains(entry.id()) && target.delete(entry.id())) {
                    written++;
                }
            }
            return new IngestResult(file.id(), file.name(), written > 0 ? IngestResult.Status.INDEXED : IngestResult.Status.UNCHANGED,
                    written, chunks, skipped, null);
        } finally {
            rebuilding.readLock().unlock();
        }
    }

    /** Writes one parsed document (the evaluation's path, which has no files). */
    public void put(ParsedDocument document, Embedder embedder) {
        rebuilding.readLock().lock();
        try {
            CollectionSettings settings = info.settings();
            List<Chunk> pieces = new Chunker(settings.chunkTokens(), settings.overlapTokens()).chunk(document);
            index().put(new IndexedDocument(document.id(), contentHash(document, settings), document.id(), document.source(),
                    document.title(), document.attributes(), pieces, embed(embedder, document.title(), pieces)));
        } finally {
            rebuilding.readLock().unlock();
        }
    }

    /**
     * The texts a chunk is embedded as: its document's title, then its text. The title is kept out
     * of the chunk's own text (and offsets) but gives a passage its topic.
     */
    static List<float[]> embed(Embedder embedder, String title, List<Chunk> chunks) {
        List<float[]> vectors = new ArrayList<>(chunks.size());
        for (int from = 0; from < chunks.size(); from += EMBED_BATCH) {
            List<String> texts = new ArrayList<>();
            for (Chunk chunk : chunks.subList(from, Math.min(chunks.size(), from + EMBED_BATCH))) {
                texts.add(title == null || title.isBlank() ? chunk.text() : title + "\n" + chunk.text());
            }
            vectors.addAll(embedder.embed(texts, Embedder.Purpose.DOCUMENT));
        }
        return vectors;
    }

    /** Removes every document that came from the file; returns how many. */
    public int deleteFile(String fileId) {
        int removed = 0;
        for (ChunkIndex.DocumentEntry entry : index().documents()) {
            if (fileId.equals(entry.fileId()) && index().delete(entry.id())) {
                removed++;
            }
        }
        return removed;
    }

    /** Makes every write so far durable. */
    public void commit() {
        index().commit(Map.of("committed_by", "switchboard"));
    }

    /**
     * Searches the collection; the query is embedded with the collection's model for vector and hybrid modes.
     */
    public List<Hit> search(SearchRequest request, Embedders embedders) {
        float[] vector = request.mode() == SearchMode.BM25 ? null
                : embedders.forModel(info.settings().embeddingModel()).embed(List.of(request.query()), Embedder.Purpose.QUERY).get(0);
        return index().search(request, vector);
    }

    /**
     * Re-embeds every chunk with {@code newModel} into a fresh index, then switches to it and
     * deletes the old one; searches go on against the old index meanwhile, ingestion waits. Chunk
     * texts are re-used as stored, so no source file is needed.
     *
     * @param progress told each document's id as it is done
     */
    public void rebuild(String newModel, Embedders embedders, Consumer<String> progress) {
        rebuilding.writeLock().lock();
        try {
            CollectionInfo before = info;
            CollectionSettings settings = before.settings().withEmbeddingModel(newModel);
            Embedder embedder = embedders.forModel(newModel);
            int next = before.generation() + 1;
            ChunkIndex old = index();
            ChunkIndex fresh = LuceneIndex.open(indexFolder(next), settings.quantizedVectors());
            try {
                for (ChunkIndex.DocumentEntry entry : old.documents()) {
                    IndexedDocument stored = old.read(entry.id()).orElseThrow();
                    fresh.put(new IndexedDocument(stored.id(), stored.contentHash(), stored.fileId(), stored.source(), stored.title(),
                            stored.attributes(), stored.chunks(), embed(embedder, stored.title(), stored.chunks())));
                    progress.accept(stored.id());
                }
                fresh.commit(Map.of("rebuilt_from", Integer.toString(before.generation())));
            } catch (RuntimeException e) {
                fresh.close();
                RagStore.deleteTree(indexFolder(next));
                throw e;
            }
            CollectionInfo after = before.withGeneration(next, settings);
            store.save(folder, after);
            index = fresh;
            info = after;
            old.close();
            RagStore.deleteTree(indexFolder(before.generation()));
        } finally {
            rebuilding.writeLock().unlock();
        }
    }

    void rename(String newName, Map<String, String> metadata) {
        CollectionInfo after = info.withNameAndMetadata(newName, metadata);
        store.save(folder, after);
        info = after;
    }

    synchronized void close() {
        if (index != null) {
            index.close();
            index = null;
        }
    }

    Path folder() {
        return folder;
    }

    /**
     * SHA-256 over what decides a document's chunks and vectors: its title, text and metadata, and
     * the collection's chunking and model.
     */
    static String contentHash(ParsedDocument document, CollectionSettings settings) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String header = settings.embeddingModel() + "\u0000" + settings.chunkTokens() + "\u0000" + settings.overlapTokens() + "\u0000"
                    + (document.title() == null ? "" : document.title()) + "\u0000" + new TreeMap<>(document.attributes()) + "\u0000";
            sha.update(header.getBytes(StandardCharsets.UTF_8));
            sha.update(document.text().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
