package dev.switchboard.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.rag.embed.Embedders;
import dev.switchboard.rag.index.ChunkIndex;
import dev.switchboard.rag.index.IndexedDocument;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent ingestion into one collection and a crash in the middle of one: the index stays
 * whole (every document with all its chunks or absent), and the next run writes only what is missing.
 */
class ConcurrencyAndCrashTest {
    static final int FILES = 40;

    @TempDir
    Path root;

    static String text(int i) {
        return "# File " + i + "\n\nParagraph one of file " + i + " about topic" + i + ".\n\nParagraph two of file " + i + ".\n";
    }

    /** Every document the index holds has exactly the chunks its record says. */
    static void assertWhole(ChunkIndex index) {
        for (ChunkIndex.DocumentEntry entry : index.documents()) {
            IndexedDocument stored = index.read(entry.id()).orElseThrow();
            assertThat(stored.chunks()).as(entry.id()).hasSize(entry.chunks());
        }
        assertThat(index.chunkCount()).isEqualTo(index.documents().stream().mapToLong(ChunkIndex.DocumentEntry::chunks).sum());
    }

    @Test
    void concurrentIngestionOfOverlappingFilesLeavesEachDocumentOnce() throws Exception {
        try (RagStore store = RagStore.open(root, Clock.systemUTC())) {
            Collection c = store.create(null, "docs", new CollectionSettings(CollectionSettings.LOCAL_MODEL, 16, 0, false), Map.of());
            HashingEmbedder embedder = new HashingEmbedder(32);
            Embedders embedders = model -> embedder;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            // Four writers, each ingesting every file (so each document is written concurrently), one searcher.
            for (int w = 0; w < 4; w++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < FILES; i++) {
                        c.ingest(CollectionTest.md("f" + i, text(i)), embedders);
                    }
                    c.commit();
                    return null;
                }));
            }
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 50; i++) {
                    c.search(SearchRequest.of("paragraph", SearchMode.HYBRID, 10), embedders);
                }
                return null;
            }));
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(c.index().documents()).hasSize(FILES);
            assertWhole(c.index());
            assertThat(c.search(SearchRequest.of("topic7", SearchMode.BM25, 10), embedders)).extracting(Hit::documentId).containsOnly("f7");
        }
    }

    @Test
    void aCrashMidIngestionLeavesTheLastCommitWholeAndTheNextRunResumes() throws Exception {
        String id;
        try (RagStore store = RagStore.open(root, Clock.systemUTC())) {
            id = store.create(null, "docs", new CollectionSettings(CollectionSettings.LOCAL_MODEL, 16, 0, false), Map.of()).id();
        }
        // A child JVM ingests, committing every 5 files, and halts (no shutdown hooks, no close) after 17.
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashingIngestion.class.getName(),
                root.toString(), id, "17").inheritIO().start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(CrashingIngestion.HALTED);

        try (RagStore store = RagStore.open(root, Clock.systemUTC())) {
            Collection c = store.get(null, id);
            assertThat(c.index().documents()).hasSize(15);   // the commits after 5, 10 and 15 files
            assertWhole(c.index());
            HashingEmbedder embedder = new HashingEmbedder(32);
            int skipped = 0;
            for (int i = 0; i < FILES; i++) {
                skipped += c.ingest(CollectionTest.md("f" + i, text(i)), model -> embedder).skipped();
            }
            c.commit();
            assertThat(skipped).isEqualTo(15);
            assertThat(c.index().documents()).hasSize(FILES);
            assertWhole(c.index());
        }
    }

    /** The child process of the crash test. */
    public static final class CrashingIngestion {
        static final int HALTED = 77;

        public static void main(String[] args) {
            RagStore store = RagStore.open(Path.of(args[0]), Clock.systemUTC());
            Collection c = store.get(null, args[1]);
            int haltAfter = Integer.parseInt(args[2]);
            HashingEmbedder embedder = new HashingEmbedder(32);
            for (int i = 0; i < FILES; i++) {
                c.ingest(CollectionTest.md("f" + i, text(i)), model -> embedder);
                if ((i + 1) % 5 == 0) {
                    c.commit();
                }
                if (i + 1 == haltAfter) {
                    Runtime.getRuntime().halt(HALTED);
                }
            }
        }
    }
}
