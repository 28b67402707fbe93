package dev.switchboard.rag.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.rag.Collection;
import dev.switchboard.rag.CollectionSettings;
import dev.switchboard.rag.HashingEmbedder;
import dev.switchboard.rag.RagException;
import dev.switchboard.rag.RagStore;
import dev.switchboard.rag.embed.Embedders;
import dev.switchboard.rag.ingest.SourceFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchToolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path root;
    private RagStore store;
    private SearchTool tool;
    private final HashingEmbedder embedder = new HashingEmbedder(64);
    private final Embedders embedders = model -> embedder;

    @BeforeEach
    void fill() {
        store = RagStore.open(root, Clock.systemUTC());
        Collection mine = store.create("team-a", "handbook", CollectionSettings.DEFAULT, Map.of());
        mine.ingest(new SourceFile("leave", "leave.md", "# Leave\n\nStaff get 25 days of paid leave.\n".getBytes(), Map.of()), embedders);
        Collection theirs = store.create("team-b", "secrets", CollectionSettings.DEFAULT, Map.of());
        theirs.ingest(new SourceFile("plan", "plan.md", "Paid leave will be cut to 10 days.".getBytes(), Map.of()), embedders);
        tool = new SearchTool(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static JsonNode args(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void describesItselfWithASchemaThatRequiresAQuery() {
        assertThat(tool.name()).isEqualTo("rag_search");
        assertThat(tool.inputSchema().path("required").get(0).asText()).isEqualTo("query");
        assertThat(tool.inputSchema().path("properties").fieldNames()).toIterable()
                .containsExactly("query", "collection", "top_k", "mode", "filters");
    }

    @Test
    void findsPassagesInTheCallersCollectionsOnlyWithCitations() throws Exception {
        SearchTool.Result result = tool.call("team-a", embedders, args("{\"query\":\"paid leave days\"}"));
        assertThat(result.passages()).extracting(p -> p.hit().documentId()).containsExactly("leave");
        JsonNode first = result.json().path("results").get(0);
        assertThat(first.path("collection").asText()).isEqualTo("handbook");
        assertThat(first.path("source").asText()).isEqualTo("leave.md");
        assertThat(first.path("end").asInt()).isGreaterThan(first.path("start").asInt());
        assertThat(result.text()).startsWith("[1] leave.md, characters ").contains("25 days");
    }

    @Test
    void anotherTeamsCollectionIsNotFound() {
        assertThatThrownBy(() -> tool.call("team-a", embedders, args("{\"query\":\"leave\",\"collection\":\"secrets\"}")))
                .isInstanceOfSatisfying(RagException.class, e -> assertThat(e.kind()).isEqualTo(RagException.Kind.NOT_FOUND));
    }

    @Test
    void badArgumentsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> tool.call("team-a", embedders, args("{\"query\":\"  \"}"))).hasMessageContaining("query is empty");
        assertThatThrownBy(() -> tool.call("team-a", embedders, args("{\"query\":\"x\",\"top_k\":0}"))).hasMessageContaining("top_k");
        assertThatThrownBy(() -> tool.call("team-a", embedders, args("{\"query\":\"x\",\"mode\":\"fuzzy\"}"))).hasMessageContaining("bm25");
        assertThatThrownBy(() -> tool.call("team-a", embedders, args("{\"query\":\"x\",\"colection\":\"a\"}")))
                .hasMessageContaining("Unknown argument 'colection'");
    }
}
