package dev.switchboard.rag.eval;

import dev.switchboard.rag.CollectionSettings;
import dev.switchboard.rag.Fusion;
import dev.switchboard.rag.Hit;
import dev.switchboard.rag.SearchMode;
import dev.switchboard.rag.SearchRequest;
import dev.switchboard.rag.embed.Embedder;
import dev.switchboard.rag.index.IndexedDocument;
import dev.switchboard.rag.index.LuceneIndex;
import dev.switchboard.rag.ingest.Chunk;
import dev.switchboard.rag.ingest.Chunker;
import dev.switchboard.rag.ingest.ParsedDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Indexes a BEIR corpus as a collection would (same chunking, embedding, index) and scores each
 * search mode on the split's judged queries: nDCG@10, Recall@100 and MRR@10 at document level
 * (each document counted once, by its best chunk), and the latency of a top-10 search as the API
 * runs one, the query's embedding included for vector and hybrid. Latencies are measured after every query has run once, so the
 * first queries' class loading and JIT do not count.
 *
 * <p>An index folder that already holds the same corpus under the same settings is reused (its
 * commit records both), so tuning search settings does not re-embed the corpus.
 */
public final class Evaluation {

    /**
     * @param split    the qrels split to judge with, e.g. {@code test}
     * @param modes    the modes to score
     * @param settings chunking and model (the model must be the local one here)
     * @param fusion   hybrid's fusion
     * @param lexical  BM25's parameters
     * @param index    where to keep the index between runs; null for a temporary folder
     * @param progress told what is happening, for a progress line
     */
    public record Options(String split, List<SearchMode> modes, CollectionSettings settings, Fusion fusion, LuceneIndex.Lexical lexical,
                          Path index, Consumer<String> progress) {
    }

    /** One mode's scores and latency. */
    public record ModeResult(String mode, int queries, double ndcg10, double recall100, double mrr10, double p50Millis, double p99Millis) {
    }

    /** The whole evaluation. */
    public record Report(String dataset, String split, int documents, long chunks, double indexSeconds, double documentsPerSecond,
                         long indexBytes, long peakRssMb, boolean indexReused, List<ModeResult> modes) {
    }

    private Evaluation() {
    }

    /**
     * @param embedder the collection's model; null to evaluate BM25 alone, with no vectors indexed
     */
    public static Report run(Path folder, Options options, Embedder embedder) throws IOException {
        if (embedder == null && options.modes().stream().anyMatch(m -> m != SearchMode.BM25)) {
            throw new IllegalArgumentException("vector and hybrid modes need an embedder");
        }
        Beir beir = Beir.load(folder, options.split());
        Path where = options.index() != null ? options.index() : Files.createTempDirectory("switchboard-rag-eval");
        String fingerprint = fingerprint(beir, options.settings()) + (embedder == null ? ":lexical" : "");
        double indexSeconds;
        boolean reused;
        try (LuceneIndex index = LuceneIndex.open(where, options.settings().quantizedVectors(), options.lexical())) {
            Map<String, String> committed = index.committedUserData();
            if (fingerprint.equals(committed.get("corpus")) && index.documents().size() == beir.corpus().size()) {
                indexSeconds = Double.parseDouble(committed.get("index_seconds"));
                reused = true;
            } else {
                indexSeconds = build(index, beir, options, embedder);
                index.commit(Map.of("corpus", fingerprint, "index_seconds", Double.toString(indexSeconds)));
                reused = false;
            }
            List<ModeResult> results = new ArrayList<>();
            for (SearchMode mode : options.modes()) {
                results.add(score(index, beir, mode, options, embedder));
            }
            return new Report(folder.getFileName().toString(), options.split(), beir.corpus().size(), index.chunkCount(), indexSeconds,
                    beir.corpus().size() / indexSeconds, index.sizeBytes(), peakRssMb(), reused, results);
        } finally {
            if (options.index() == null) {
                deleteQuietly(where);
            }
        }
    }

    private static double build(LuceneIndex index, Beir beir, Options options, Embedder embedder) {
        Chunker chunker = new Chunker(options.settings().chunkTokens(), options.settings().overlapTokens());
        long start = System.nanoTime();
        int done = 0;
        for (Beir.Doc doc : beir.corpus().values()) {
            ParsedDocument parsed = ParsedDocument.plain(doc.id(), "corpus.jsonl", doc.title().isBlank() ? null : doc.title(), doc.text(), Map.of());
            List<Chunk> chunks = chunker.chunk(parsed);
            List<String> texts = chunks.stream().map(c -> parsed.title() == null ? c.text() : parsed.title() + "\n" + c.text()).toList();
            List<float[]> vectors = embedder == null ? texts.stream().map(t -> new float[0]).toList()
                    : texts.isEmpty() ? List.of() : embedder.embed(texts, Embedder.Purpose.DOCUMENT);
            index.put(new IndexedDocument(doc.id(), "beir", doc.id(), "corpus.jsonl", parsed.title(), Map.of(), chunks, vectors));
            done++;
            if (done % 100 == 0 || done == beir.corpus().size()) {
                double seconds = (System.nanoTime() - start) / 1e9;
                options.progress().accept(String.format("indexed %d/%d documents, %.1f/s", done, beir.corpus().size(), done / seconds));
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static ModeResult score(LuceneIndex index, Beir beir, SearchMode mode, Options options, Embedder embedder) {
        double ndcg = 0;
        double recall = 0;
        double mrr = 0;
        int n = beir.queries().size();
        // First pass: the scores (and warm-up); second pass: the latencies.
        for (Map.Entry<String, String> q : beir.queries().entrySet()) {
            List<String> ranked = ranked(index, q.getValue(), mode, options, embedder);
            Map<String, Integer> judged = beir.qrels().get(q.getKey());
            ndcg += Metrics.ndcg(ranked, judged, 10);
            recall += Metrics.recall(ranked, judged, 100);
            mrr += Metrics.mrr(ranked, judged, 10);
        }
        // Latency is a search as the API runs one: the query embedded (vector, hybrid), the top 10 chunks with their texts.
        long[] nanos = new long[n];
        int i = 0;
        for (String query : beir.queries().values()) {
            long start = System.nanoTime();
            float[] vector = mode == SearchMode.BM25 ? null : embedder.embed(List.of(query), Embedder.Purpose.QUERY).get(0);
            index.search(new SearchRequest(query, mode, 10, Map.of(), options.fusion(), false), vector);
            nanos[i++] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        options.progress().accept(String.format("%s: nDCG@10 %.4f", mode.wire(), ndcg / n));
        return new ModeResult(mode.wire(), n, ndcg / n, recall / n, mrr / n, percentile(nanos, 0.50) / 1e6, percentile(nanos, 0.99) / 1e6);
    }

    private static List<String> ranked(LuceneIndex index, String query, SearchMode mode, Options options, Embedder embedder) {
        float[] vector = mode == SearchMode.BM25 ? null : embedder.embed(List.of(query), Embedder.Purpose.QUERY).get(0);
        SearchRequest request = new SearchRequest(query, mode, 100, Map.of(), options.fusion(), true);
        return index.search(request, vector).stream().map(Hit::documentId).toList();
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String fingerprint(Beir beir, CollectionSettings settings) {
        long ids = 0;
        for (Beir.Doc doc : beir.corpus().values()) {
            ids = 31 * ids + doc.id().hashCode() + 17L * doc.text().length();
        }
        return beir.corpus().size() + ":" + Long.toHexString(ids) + ":" + settings.embeddingModel() + ":" + settings.chunkTokens() + ":"
                + settings.overlapTokens() + ":" + settings.quantizedVectors();
    }

    /** The process's peak resident memory (Linux {@code VmHWM}), or -1 where it cannot be read. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
