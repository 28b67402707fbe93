package dev.switchboard.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.vectorstores.VectorStore;
import com.openai.models.vectorstores.VectorStoreCreateParams;
import com.openai.models.vectorstores.VectorStoreSearchParams;
import com.openai.models.vectorstores.VectorStoreSearchResponse;
import com.openai.models.vectorstores.files.FileCreateParams.Attributes;
import com.openai.models.vectorstores.files.FileDeleteParams;
import com.openai.models.vectorstores.files.VectorStoreFile;
import dev.switchboard.testing.RunningGateway;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK, unchanged, against the gateway's files and vector stores: upload,
 * create a store from files, add a file with attributes, search (with a filter), remove a file.
 * Embeddings come from the in-process model.
 */
class VectorStoresSdkTest {
    private static RunningGateway gateway;
    private static OpenAIClient client;

    private static final String DEPLOY = """
            # Deploying

            Run the gateway behind a reverse proxy that terminates TLS.

            ## Rolling back

            To roll back a release, redeploy the previous jar and restart the service.
            """;
    private static final String LEAVE = """
            # Holidays

            Every employee gets twenty-five days of paid leave per year.
            """;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start("");
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.openAiBaseUrl()).apiKey("unused").build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static FileObject upload(String name, String text) {
        return client.files().create(FileCreateParams.builder()
                .file(com.openai.core.MultipartField.<java.io.InputStream>builder()
                        .value(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).filename(name).build())
                .purpose(FilePurpose.ASSISTANTS).build());
    }

    private static void awaitJobs() {
        assertThat(gateway.gateway().rag().awaitIdle(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theSdkUploadsIndexesSearchesAndRemovesFiles() {
        FileObject deploy = upload("deploy.md", DEPLOY);
        assertThat(deploy.filename()).isEqualTo("deploy.md");
        VectorStore store = client.vectorStores().create(VectorStoreCreateParams.builder().name("runbooks").addFileId(deploy.id()).build());
        assertThat(store.id()).startsWith("vs_");

        FileObject leave = upload("leave.md", LEAVE);
        VectorStoreFile added = client.vectorStores().files().create(store.id(), com.openai.models.vectorstores.files.FileCreateParams.builder()
                .fileId(leave.id()).attributes(Attributes.builder().putAdditionalProperty("dept", JsonValue.from("hr")).build()).build());
        assertThat(added.status()).isEqualTo(VectorStoreFile.Status.IN_PROGRESS);
        awaitJobs();
        assertThat(client.vectorStores().files().retrieve(leave.id(),
                com.openai.models.vectorstores.files.FileRetrieveParams.builder().vectorStoreId(store.id()).build()).status())
                .isEqualTo(VectorStoreFile.Status.COMPLETED);
        VectorStore ready = client.vectorStores().retrieve(store.id());
        assertThat(ready.fileCounts().completed()).isEqualTo(2);
        assertThat(ready.status()).isEqualTo(VectorStore.Status.COMPLETED);

        List<VectorStoreSearchResponse> hits = client.vectorStores().search(store.id(),
                VectorStoreSearchParams.builder().query("how do I roll back a release").maxNumResults(3).build()).data();
        VectorStoreSearchResponse best = hits.get(0);
        assertThat(best.fileId()).isEqualTo(deploy.id());
        assertThat(best.filename()).isEqualTo("deploy.md");
        String text = best.content().get(0).text();
        assertThat(text).contains("redeploy the previous jar");
        // The citation: the chunk is the file's text between start and end.
        Map<String, JsonValue> citation = best._additionalProperties();
        int start = citation.get("start").convert(Integer.class);
        int end = citation.get("end").convert(Integer.class);
        assertThat(DEPLOY.substring(start, end)).isEqualTo(text);
        assertThat(citation.get("heading").convert(String.class)).isEqualTo("Rolling back");

        List<VectorStoreSearchResponse> hr = client.vectorStores().search(store.id(), VectorStoreSearchParams.builder()
                .query("days off").filters(com.openai.models.ComparisonFilter.builder().key("dept")
                        .type(com.openai.models.ComparisonFilter.Type.EQ).value("hr").build()).build()).data();
        assertThat(hr).extracting(VectorStoreSearchResponse::fileId).containsOnly(leave.id());

        client.vectorStores().files().delete(deploy.id(), FileDeleteParams.builder().vectorStoreId(store.id()).build());
        List<VectorStoreSearchResponse> after = client.vectorStores().search(store.id(),
                VectorStoreSearchParams.builder().query("how do I roll back a release").build()).data();
        assertThat(after).extracting(VectorStoreSearchResponse::fileId).doesNotContain(deploy.id());
        assertThat(client.vectorStores().list().data()).extracting(VectorStore::id).contains(store.id());
    }
}
