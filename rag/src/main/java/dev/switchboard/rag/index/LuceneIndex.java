package dev.switchboard.rag.index;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.rag.Fusion;
import dev.switchboard.rag.Hit;
import dev.switchboard.rag.RagException;
import dev.switchboard.rag.SearchMode;
import dev.switchboard.rag.SearchRequest;
import dev.switchboard.rag.ingest.Chunk;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * The embedded index: one Lucene index per collection, on disk.
 *
 * <p>Each document is written as one block: a record of the document (its id, content hash,
 * source, title, chunk count) and one Lucene document per chunk (its text for BM25 under the
 * English analyzer, its title, its vector in an HNSW graph, its offsets, page and metadata). A put
 * is {@link IndexWriter#updateDocuments}, which deletes the old block and adds the new one
 * atomically. The documents' hashes are also kept in memory, read from the index at open, so the
 * incremental check costs no search.
 *
 * <p>Searches run on a {@link SearcherManager} over the writer (near-real-time): a write marks the
 * view stale and the next search refreshes it, so a search sees every write that returned before
 * it, committed or not. Durability is {@link #commit}'s: a crash loses what was written since the
 * last commit, never the index (Lucene's commits are atomic), and the next ingestion finds those
 * documents missing and writes them again.
 *
 * <p>Hybrid search runs both queries on one searcher and fuses them ({@link Fusion}).
 */
public final class LuceneIndex implements ChunkIndex {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    static final String KIND = "kind";
    static final String DOC_ID = "doc_id";
    static final String TEXT = "text";
    static final String TITLE = "title";
    static final String VECTOR = "vector";
    private static final String CHUNK = "chunk";
    private static final String HASH = "hash";
    private static final String SOURCE = "source";
    private static final String FILE_ID = "file_id";
    private static final String DOCUMENT_TITLE = "document_title";
    private static final String HEADING = "heading";
    private static final String PAGE = "page";
    private static final String START = "start";
    private static final String END = "end";
    private static final String CHUNKS = "chunks";
    private static final String ATTRIBUTES = "attributes";
    private static final String ATTRIBUTE_PREFIX = "attr.";
    private static final String KIND_DOCUMENT = "document";
    private static final String KIND_CHUNK = "chunk";
    private static final java.util.Set<String> ID_ONLY = java.util.Set.of(DOC_ID);

    /** Lexical scoring, tuned on SciFact's train claims (docs/rag.md). */
    public record Lexical(float k1, float b, float titleBoost) {
        public static final Lexical DEFAULT = new Lexical(0.9f, 0.4f, 0.5f);
    }

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final Lexical lexical;
    private final Map<String, DocumentEntry> documents = new ConcurrentHashMap<>();
    private final AtomicBoolean stale = new AtomicBoolean();

    private LuceneIndex(Path path, boolean quantized, Lexical lexical) throws IOException {
        this.path = path;
        this.lexical = lexical;
        Files.createDirectories(path);
        this.directory = FSDirectory.open(path);
        BM25Similarity similarity = new BM25Similarity(lexical.k1(), lexical.b());
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setSimilarity(similarity)
                .setCodec(codec(quantized))
                // Lucene's default (16 MB): the gateway's heap is small, and embedding, not flushing, bounds ingestion.
                .setRAMBufferSizeMB(IndexWriterConfig.DEFAULT_RAM_BUFFER_SIZE_MB);
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader, org.apache.lucene.index.IndexReader previous) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setSimilarity(similarity);
                return searcher;
            }
        });
        loadDocuments();
    }

    /**
     * Opens the index in {@code path}, creating it if empty.
     *
     * @param quantized whether vectors are stored scalar-quantised (int8); fixed when the index is created
     */
    public static LuceneIndex open(Path path, boolean quantized) {
        return open(path, quantized, Lexical.DEFAULT);
    }

    public static LuceneIndex open(Path path, boolean quantized, Lexical lexical) {
        try {
            return new LuceneIndex(path, quantized, lexical);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the index at " + path, e);
        }
    }

    private static Lucene104Codec codec(boolean quantized) {
        if (!quantized) {
            return new Lucene104Codec();
        }
        KnnVectorsFormat format = new Lucene104HnswScalarQuantizedVectorsFormat();
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    private void loadDocuments() throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc hit : searcher.search(new TermQuery(new Term(KIND, KIND_DOCUMENT)), Math.max(1, reader.numDocs())).scoreDocs) {
                Document d = stored.document(hit.doc);
                String id = d.get(DOC_ID);
                documents.put(id, new DocumentEntry(id, d.get(FILE_ID), d.get(SOURCE), d.get(DOCUMENT_TITLE), d.getField(CHUNKS).numericValue().intValue(), d.get(HASH)));
            }
        }
    }

    @Override
    public Optional<String> contentHash(String documentId) {
        return Optional.ofNullable(documents.get(documentId)).map(DocumentEntry::contentHash);
    }

    @Override
    public void put(IndexedDocument document) {
        List<Document> block = new ArrayList<>(document.chunks().size() + 1);
        String attributes = json(document.attributes());
        Document record = new Document();
        record.add(new StringField(KIND, KIND_DOCUMENT, Field.Store.NO));
        record.add(new StringField(DOC_ID, document.id(), Field.Store.YES));
        record.add(new StoredField(HASH, document.contentHash()));
        record.add(new StoredField(SOURCE, nullToEmpty(document.source())));
        record.add(new StoredField(FILE_ID, nullToEmpty(document.fileId())));
        if (document.title() != null) {
            record.add(new StoredField(DOCUMENT_TITLE, document.title()));
        }
        record.add(new StoredField(CHUNKS, document.chunks().size()));
        record.add(new StoredField(ATTRIBUTES, attributes));
        block.add(record);
        for (int i = 0; i < document.chunks().size(); i++) {
            Chunk chunk = document.chunks().get(i);
            Document d = new Document();
            d.add(new StringField(KIND, KIND_CHUNK, Field.Store.NO));
            d.add(new StringField(DOC_ID, document.id(), Field.Store.YES));
            d.add(new StoredField(CHUNK, chunk.index()));
            d.add(new TextField(TEXT, chunk.text(), Field.Store.YES));
            if (document.title() != null) {
                d.add(new TextField(TITLE, document.title(), Field.Store.YES));
            }
            d.add(new StoredField(SOURCE, nullToEmpty(document.source())));
            d.add(new StoredField(FILE_ID, nullToEmpty(document.fileId())));
            if (chunk.heading() != null) {
                d.add(new StoredField(HEADING, chunk.heading()));
            }
            if (chunk.page() != null) {
                d.add(new StoredField(PAGE, chunk.page()));
            }
            d.add(new StoredField(START, chunk.start()));
            d.add(new StoredField(END, chunk.end()));
            d.add(new StoredField(ATTRIBUTES, attributes));
            document.attributes().forEach((k, v) -> d.add(new StringField(ATTRIBUTE_PREFIX + k, v, Field.Store.NO)));
            float[] vector = document.vectors().get(i);
            if (vector.length > 0) {
                // An index built for BM25 alone (an evaluation of lexical search) has no vectors.
                d.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
            }
            block.add(d);
        }
        try {
            writer.updateDocuments(new Term(DOC_ID, document.id()), block);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write document " + document.id(), e);
        } catch (IllegalArgumentException e) {
            if (!String.valueOf(e.getMessage()).contains("dimension")) {
                throw e;
            }
            // Lucene refuses a vector whose length differs from the field's: another model's.
            throw new RagException(RagException.Kind.CONFLICT, "Cannot index '" + document.id() + "': " + e.getMessage()
                    + " The collection's vectors were made by another embedding model; rebuild it.");
        }
        documents.put(document.id(), new DocumentEntry(document.id(), document.fileId(), document.source(), document.title(), document.chunks().size(),
                document.contentHash()));
        stale.set(true);
    }

    @Override
    public boolean delete(String documentId) {
        try {
            writer.deleteDocuments(new Term(DOC_ID, documentId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete document " + documentId, e);
        }
        stale.set(true);
        return documents.remove(documentId) != null;
    }

    @Override
    public void commit(Map<String, String> userData) {
        try {
            writer.setLiveCommitData(new HashMap<>(userData).entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the index at " + path, e);
        }
    }

    @Override
    public Map<String, String> committedUserData() {
        try {
            if (!DirectoryReader.indexExists(directory)) {
                return Map.of();
            }
            return Map.copyOf(org.apache.lucene.index.SegmentInfos.readLatestCommit(directory).getUserData());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the index's last commit at " + path, e);
        }
    }

    @Override
    public List<DocumentEntry> documents() {
        return documents.values().stream().sorted(Comparator.comparing(DocumentEntry::id)).toList();
    }

    @Override
    public Optional<IndexedDocument> read(String documentId) {
        if (!documents.containsKey(documentId)) {
            return Optional.empty();
        }
        return withSearcher(searcher -> {
            BooleanQuery query = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(DOC_ID, documentId)), Occur.FILTER)
                    .add(new TermQuery(new Term(KIND, KIND_CHUNK)), Occur.FILTER).build();
            StoredFields stored = searcher.storedFields();
            List<Chunk> chunks = new ArrayList<>();
            String source = null;
            String title = null;
            Map<String, String> attributes = Map.of();
            for (ScoreDoc hit : searcher.search(query, Integer.MAX_VALUE / 2).scoreDocs) {
                Document d = stored.document(hit.doc);
                chunks.add(new Chunk(d.getField(CHUNK).numericValue().intValue(), intField(d, START), intField(d, END), d.get(TEXT),
                        d.get(HEADING), d.getField(PAGE) == null ? null : intField(d, PAGE)));
                source = d.get(SOURCE);
                title = d.get(TITLE);
                attributes = map(d.get(ATTRIBUTES));
            }
            chunks.sort(Comparator.comparingInt(Chunk::index));
            DocumentEntry entry = documents.get(documentId);
            return Optional.of(new IndexedDocument(documentId, entry == null ? "" : entry.contentHash(), entry == null ? null : entry.fileId(),
                    source, title, attributes, chunks,
                    chunks.stream().map(c -> new float[0]).toList()));
        });
    }

    @Override
    public long chunkCount() {
        return documents.values().stream().mapToLong(DocumentEntry::chunks).sum();
    }

    @Override
    public long sizeBytes() {
        try (Stream<Path> files = Files.list(path)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public List<Hit> search(SearchRequest request, float[] queryVector) {
        if (request.mode() != SearchMode.BM25 && queryVector == null) {
            throw new IllegalArgumentException(request.mode() + " search needs the query's vector");
        }
        return withSearcher(searcher -> {
            // Chunks of one document compete for places when hits are collapsed per document: ask for more.
            int wanted = request.perDocument() ? request.topK() * 3 : request.topK();
            int depth = request.mode() == SearchMode.HYBRID ? Math.max(wanted, request.fusion().depth()) : wanted;
            Query filter = filter(request.filters());
            List<ScoreDoc> ranked = switch (request.mode()) {
                case BM25 -> lexical(searcher, request.query(), filter, depth);
                case VECTOR -> semantic(searcher, queryVector, filter, depth);
                case HYBRID -> Fusions.fuse(lexical(searcher, request.query(), filter, depth),
                        semantic(searcher, queryVector, filter, depth), request.fusion());
            };
            return hits(searcher, ranked, request);
        });
    }

    private List<ScoreDoc> lexical(IndexSearcher searcher, String text, Query filter, int depth) throws IOException {
        QueryBuilder builder = new QueryBuilder(analyzer);
        Query body = builder.createBooleanQuery(TEXT, text);
        if (body == null) {
            // Nothing left after analysis (only stop words or punctuation): nothing matches lexically.
            return List.of();
        }
        BooleanQuery.Builder matching = new BooleanQuery.Builder().add(body, Occur.SHOULD);
        Query title = builder.createBooleanQuery(TITLE, text);
        if (title != null && lexical.titleBoost() > 0) {
            matching.add(new BoostQuery(title, lexical.titleBoost()), Occur.SHOULD);
        }
        // MUST around the SHOULDs: beside a FILTER clause, bare SHOULD clauses would be optional and every chunk would match.
        Query query = new BooleanQuery.Builder().add(matching.build(), Occur.MUST).add(filter, Occur.FILTER).build();
        return List.of(searcher.search(query, depth).scoreDocs);
    }

    private static List<ScoreDoc> semantic(IndexSearcher searcher, float[] vector, Query filter, int depth) throws IOException {
        ScoreDoc[] found = searcher.search(new KnnFloatVectorQuery(VECTOR, vector, depth, filter), depth).scoreDocs;
        // Lucene scores a dot product d of unit vectors as (1 + d) / 2; report the cosine similarity itself.
        List<ScoreDoc> out = new ArrayList<>(found.length);
        for (ScoreDoc d : found) {
            out.add(new ScoreDoc(d.doc, 2 * d.score - 1));
        }
        return out;
    }

    private static Query filter(Map<String, String> filters) {
        BooleanQuery.Builder filter = new BooleanQuery.Builder().add(new TermQuery(new Term(KIND, KIND_CHUNK)), Occur.FILTER);
        filters.forEach((k, v) -> filter.add(new TermQuery(new Term(ATTRIBUTE_PREFIX + k, v)), Occur.FILTER));
        return filter.build();
    }

    private static List<Hit> hits(IndexSearcher searcher, List<ScoreDoc> ranked, SearchRequest request) throws IOException {
        StoredFields stored = searcher.storedFields();
        Map<String, Hit> byDocument = new LinkedHashMap<>();
        List<Hit> out = new ArrayList<>();
        for (ScoreDoc scored : ranked) {
            if (out.size() >= request.topK()) {
                break;
            }
            String documentId = stored.document(scored.doc, ID_ONLY).get(DOC_ID);
            if (request.perDocument() && byDocument.containsKey(documentId)) {
                continue;
            }
            Document d = stored.document(scored.doc);
            Hit hit = new Hit(documentId, d.get(FILE_ID), d.getField(CHUNK).numericValue().intValue(), d.get(TEXT), scored.score, d.get(SOURCE),
                    d.get(TITLE), d.get(HEADING), d.getField(PAGE) == null ? null : intField(d, PAGE), intField(d, START), intField(d, END),
                    map(d.get(ATTRIBUTES)));
            byDocument.put(documentId, hit);
            out.add(hit);
        }
        return out;
    }

    @FunctionalInterface
    private interface SearcherWork<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        try {
            if (stale.getAndSet(false)) {
                searchers.maybeRefreshBlocking();
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.run(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the index at " + path, e);
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index at " + path, e);
        }
    }

    /** Closes without committing: what a crash leaves, for tests of recovery. */
    void abandon() throws IOException {
        searchers.close();
        writer.rollback();
        directory.close();
    }

    private static int intField(Document d, String name) {
        return d.getField(name).numericValue().intValue();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> map(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
