package dev.switchboard.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.rag.embed.Embedders;
import dev.switchboard.rag.index.ChunkIndex;
import dev.switchboard.rag.ingest.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionTest {
    @TempDir
    Path root;
    private RagStore store;
    private final HashingEmbedder embedder = new HashingEmbedder(64);
    private final Embedders embedders = model -> embedder;

    @BeforeEach
    void open() {
        store = RagStore.open(root, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    static SourceFile md(String id, String text) {
        return new SourceFile(id, id + ".md", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private List<Hit> search(Collection c, String query, SearchMode mode) {
        return c.search(new SearchRequest(query, mode, 10, Map.of(), null, false), embedders);
    }

    @Test
    void aHitCitesItsDocumentSourceHeadingAndOffsets() {
        Collection c = store.create("team-a", "handbook", CollectionSettings.DEFAULT, Map.of());
        String text = "# Holidays\n\nEmployees get twenty-five days of paid leave.\n";
        c.ingest(md("holidays", text), embedders);
        Hit hit = search(c, "how many days of paid leave", SearchMode.HYBRID).get(0);
        assertThat(hit.documentId()).isEqualTo("holidays");
        assertThat(hit.source()).isEqualTo("holidays.md");
        assertThat(hit.heading()).isEqualTo("Holidays");
        assertThat(text.substring(hit.start(), hit.end())).isEqualTo(hit.text()).contains("twenty-five days");
    }

    @Test
    void anUnchangedDocumentIsSkippedAndNotEmbeddedAgain() {
        Collection c = store.create(null, "docs", CollectionSettings.DEFAULT, Map.of());
        assertThat(c.ingest(md("a", "# A\n\nApples are red.\n"), embedders).status()).isEqualTo(IngestResult.Status.INDEXED);
        int embedded = embedder.texts();
        IngestResult again = c.ingest(md("a", "# A\n\nApples are red.\n"), embedders);
        assertThat(again.status()).isEqualTo(IngestResult.Status.UNCHANGED);
        assertThat(again.skipped()).isEqualTo(1);
        assertThat(embedder.texts()).isEqualTo(embedded);
    }

    @Test
    void aReuploadedDocumentReplacesItsChunks() {
        Collection c = store.create(null, "docs", CollectionSettings.DEFAULT, Map.of());
        c.ingest(md("a", "# A\n\nApples are red.\n"), embedders);
        c.ingest(md("a", "# A\n\nBananas are yellow.\n"), embedders);
        assertThat(search(c, "apples", SearchMode.BM25)).isEmpty();
        assertThat(search(c, "bananas", SearchMode.BM25)).extracting(Hit::documentId).containsExactly("a");
        assertThat(c.index().chunkCount()).isEqualTo(1);
    }

    @Test
    void aDeletedDocumentDisappearsFromResults() {
        Collection c = store.create(null, "docs", CollectionSettings.DEFAULT, Map.of());
        c.ingest(md("a", "Apples are red."), embedders);
        c.ingest(md("b", "Apples are green."), embedders);
        assertThat(c.deleteFile("a")).isEqualTo(1);
        for (SearchMode mode : SearchMode.values()) {
            assertThat(search(c, "apples", mode)).extracting(Hit::documentId).containsExactly("b");
        }
    }

    @Test
    void aRecordGoneFromAReuploadedJsonlFileGoesFromTheIndex() {
        Collection c = store.create(null, "docs", CollectionSettings.DEFAULT, Map.of());
        c.ingest(new SourceFile("f", "f.jsonl", "{\"_id\":\"1\",\"text\":\"one\"}\n{\"_id\":\"2\",\"text\":\"two\"}\n".getBytes(), Map.of()), embedders);
        c.ingest(new SourceFile("f", "f.jsonl", "{\"_id\":\"1\",\"text\":\"one\"}\n".getBytes(), Map.of()), embedders);
        assertThat(c.index().documents()).extracting(ChunkIndex.DocumentEntry::id).containsExactly("1");
    }

    @Test
    void filtersKeepOnlyDocumentsWithTheMetadata() {
        Collection c = store.create(null, "docs", CollectionSettings.DEFAULT, Map.of());
        c.ingest(new SourceFile("eu", "eu.md", "Refunds take ten days.".getBytes(), Map.of("region", "eu")), embedders);
        c.ingest(new SourceFile("us", "us.md", "Refunds take five days.".getBytes(), Map.of("region", "us")), embedders);
        for (SearchMode mode : SearchMode.values()) {
            List<Hit> hits = c.search(new SearchRequest("refunds", mode, 10, Map.of("region", "us"), null, false), embedders);
            assertThat(hits).extracting(Hit::documentId).as(mode.name()).containsExactly("us");
            assertThat(hits.get(0).attributes()).containsEntry("region", "us");
        }
    }

    @Test
    void aCorruptFileFailsAloneWithItsReason() {
        Collection c = store.create(null, "docs", CollectionSettings.DEFAULT, Map.of());
        IngestResult broken = c.ingest(new SourceFile("x", "x.pdf", "not a pdf".getBytes(), Map.of()), embedders);
        IngestResult fine = c.ingest(md("ok", "Fine text."), embedders);
        assertThat(broken.status()).isEqualTo(IngestResult.Status.FAILED);
        assertThat(broken.error()).contains("not a readable PDF");
        assertThat(fine.status()).isEqualTo(IngestResult.Status.INDEXED);
        assertThat(c.index().documents()).extracting(ChunkIndex.DocumentEntry::id).containsExactly("ok");
    }

    @Test
    void collectionsAreInvisibleToOtherTeams() {
        Collection mine = store.create("team-a", "shared-name", CollectionSettings.DEFAULT, Map.of());
        store.create("team-b", "shared-name", CollectionSettings.DEFAULT, Map.of());
        assertThat(store.list("team-a")).extracting(Collection::id).containsExactly(mine.id());
        assertThatThrownBy(() -> store.get("team-b", mine.id()))
                .isInstanceOfSatisfying(RagException.class, e -> assertThat(e.kind()).isEqualTo(RagException.Kind.NOT_FOUND));
    }

    @Test
    void invalidAndDuplicateNamesAreRefused() {
        store.create("t", "docs", CollectionSettings.DEFAULT, Map.of());
        assertThatThrownBy(() -> store.create("t", "docs", CollectionSettings.DEFAULT, Map.of()))
                .isInstanceOfSatisfying(RagException.class, e -> assertThat(e.kind()).isEqualTo(RagException.Kind.CONFLICT));
        assertThatThrownBy(() -> store.create("t", "../etc", CollectionSettings.DEFAULT, Map.of()))
                .isInstanceOfSatisfying(RagException.class, e -> assertThat(e.kind()).isEqualTo(RagException.Kind.INVALID));
    }

    @Test
    void collectionsAndTheirDocumentsSurviveARestart() {
        Collection c = store.create("t", "docs", new CollectionSettings(CollectionSettings.LOCAL_MODEL, 128, 16, true), Map.of("k", "v"));
        c.ingest(md("a", "Persistent words."), embedders);
        c.commit();
        store.close();
        store = RagStore.open(root, Clock.systemUTC());
        Collection reopened = store.get("t", "docs");
        assertThat(reopened.settings().chunkTokens()).isEqualTo(128);
        assertThat(reopened.settings().quantizedVectors()).isTrue();
        assertThat(reopened.info().metadata()).containsEntry("k", "v");
        assertThat(search(reopened, "persistent", SearchMode.VECTOR)).extracting(Hit::documentId).containsExactly("a");
    }

    @Test
    void rebuildingWithAnotherModelReembedsEveryChunkIntoAFreshIndex() {
        Collection c = store.create(null, "docs", CollectionSettings.DEFAULT, Map.of());
        c.ingest(md("a", "Apples are red."), embedders);
        c.ingest(md("b", "The sky is blue."), embedders);
        HashingEmbedder wider = new HashingEmbedder(128);
        c.rebuild("other-model", model -> wider, id -> {
        });
        assertThat(c.settings().embeddingModel()).isEqualTo("other-model");
        assertThat(c.info().generation()).isEqualTo(2);
        assertThat(wider.texts()).isEqualTo(2);
        assertThat(c.search(new SearchRequest("blue sky", SearchMode.VECTOR, 1, Map.of(), null, false), model -> wider))
                .extracting(Hit::documentId).containsExactly("b");
        assertThat(root.resolve(c.id()).resolve("index-1")).doesNotExist();
    }
}
