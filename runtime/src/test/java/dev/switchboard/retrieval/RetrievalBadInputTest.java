package dev.switchboard.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input to the files and vector store API: a clear error in OpenAI's shape with the right status, and the store intact. */
class RetrievalBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 4096;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start("server:\n  max_body_bytes: " + LIMIT + "\n");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static String upload(String name, String text) throws Exception {
        HttpResponse<String> response = Multipart.upload(gateway.baseUrl(), null, name, text.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).path("id").asText();
    }

    private static String store(String name) throws Exception {
        HttpResponse<String> created = gateway.post("/v1/vector_stores", "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return json(created).path("id").asText();
    }

    @Test
    void anUnsupportedFileTypeIs415NamingTheSupportedOnes() throws Exception {
        HttpResponse<String> response = Multipart.upload(gateway.baseUrl(), null, "slides.pptx", new byte[] {1, 2, 3});
        assertThat(response.statusCode()).isEqualTo(415);
        JsonNode error = json(response).path("error");
        assertThat(error.path("message").asText()).contains("slides.pptx").contains(".md").contains(".pdf").contains(".html");
        assertThat(error.path("code").asText()).isEqualTo("unsupported_file");
    }

    @Test
    void aFileOverTheSizeLimitIs413() throws Exception {
        HttpResponse<String> response = Multipart.upload(gateway.baseUrl(), null, "big.txt", "x".repeat(LIMIT * 2).getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("error").path("message").asText()).contains(Integer.toString(LIMIT));
    }

    @Test
    void aCorruptPdfFailsWithItsReasonWhileTheRestOfTheBatchIsIndexed() throws Exception {
        String pdf = upload("broken.pdf", "%PDF-1.7 this is not really a pdf");
        String md = upload("notes.md", "# Notes\n\nThe cafeteria opens at eight.\n");
        String id = store("batch");
        for (String file : new String[] {pdf, md}) {
            assertThat(gateway.post("/v1/vector_stores/" + id + "/files", "{\"file_id\":\"" + file + "\"}").statusCode()).isEqualTo(200);
        }
        assertThat(gateway.gateway().rag().awaitIdle(60, TimeUnit.SECONDS)).isTrue();
        JsonNode broken = json(gateway.get("/v1/vector_stores/" + id + "/files/" + pdf));
        assertThat(broken.path("status").asText()).isEqualTo("failed");
        assertThat(broken.path("last_error").path("code").asText()).isEqualTo("invalid_file");
        assertThat(broken.path("last_error").path("message").asText()).contains("not a readable PDF");
        assertThat(json(gateway.get("/v1/vector_stores/" + id + "/files/" + md)).path("status").asText()).isEqualTo("completed");
        JsonNode found = json(gateway.post("/v1/vector_stores/" + id + "/search", "{\"query\":\"when does the cafeteria open\"}"));
        assertThat(found.path("data").get(0).path("file_id").asText()).isEqualTo(md);
        JsonNode counts = json(gateway.get("/v1/vector_stores/" + id)).path("file_counts");
        assertThat(counts.path("completed").asInt()).isEqualTo(1);
        assertThat(counts.path("failed").asInt()).isEqualTo(1);
    }

    @Test
    void anEmptyQueryIs400NamingTheField() throws Exception {
        String id = store("empty-query");
        HttpResponse<String> response = gateway.post("/v1/vector_stores/" + id + "/search", "{\"query\":\"   \"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("param").asText()).isEqualTo("query");
    }

    @Test
    void anUnknownVectorStoreIs404InOpenAisShape() throws Exception {
        HttpResponse<String> response = gateway.post("/v1/vector_stores/vs_000000000000000000000000/search", "{\"query\":\"x\"}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").path("type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void anInvalidNameIs400() throws Exception {
        HttpResponse<String> response = gateway.post("/v1/vector_stores", "{\"name\":\"../etc/passwd\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("param").asText()).isEqualTo("name");
    }

    @Test
    void changingTheEmbeddingModelIs409SayingARebuildIsNeeded() throws Exception {
        String id = store("model-change");
        HttpResponse<String> response = gateway.post("/v1/vector_stores/" + id, "{\"embedding_model\":\"text-embedding-3-small\"}");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).path("error").path("message").asText()).contains("re-embedding").contains("/rebuild");
    }

    @Test
    void malformedBodiesAndUnsupportedFiltersAre400() throws Exception {
        String id = store("malformed");
        assertThat(gateway.post("/v1/vector_stores/" + id + "/search", "{not json").statusCode()).isEqualTo(400);
        HttpResponse<String> filter = gateway.post("/v1/vector_stores/" + id + "/search",
                "{\"query\":\"x\",\"filters\":{\"type\":\"gt\",\"key\":\"year\",\"value\":2020}}");
        assertThat(filter.statusCode()).isEqualTo(400);
        assertThat(json(filter).path("error").path("message").asText()).contains("'eq'");
        assertThat(gateway.post("/v1/vector_stores/" + id + "/files", "{\"file_id\":\"file-nope\"}").statusCode()).isEqualTo(404);
    }
}
