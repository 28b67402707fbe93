package dev.switchboard.retrieval;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.auth.Caller;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.identity.Org;
import dev.switchboard.governance.identity.Team;
import dev.switchboard.rag.RagException;
import dev.switchboard.rag.tool.SearchTool;
import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.testing.RecordedUsage;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.usage.UsageRecord;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A collection whose embedding model is one the gateway serves: every embedding is a governed call
 * through the model pipeline, recorded in the ledger under the caller's key and tagged with the
 * collection. Also the {@code rag_search} tool, scoped to the caller's team.
 */
class GatewayEmbeddingModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMBEDDING = """
            {"object":"list","model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8},
             "data":[{"object":"embedding","index":0,"embedding":[0.6,0.8,0.0,0.0]}]}""";

    private OpenAiUpstream upstream;
    private RunningGateway gateway;
    private final RecordedUsage usage = new RecordedUsage();
    private Team team;
    private Team otherTeam;
    private String key;
    private String otherKey;

    @BeforeEach
    void start() {
        upstream = new OpenAiUpstream();
        upstream.server().stubFor(post("/v1/embeddings").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(EMBEDDING)));
        gateway = RunningGateway.start(TestDatabase.SQLITE.governanceYaml() + upstream.config("text-embedding-3-small") + """
                catalog:
                  - {id: upstream/text-embedding-3-small, provider: upstream, model: text-embedding-3-small, mode: embedding, pricing: {input: "0.02", output: "0"}}
                """, Map.of(), usage, Clock.systemUTC());
        IdentityStore identities = gateway.gateway().governance().identities();
        Org org = identities.createOrg("acme");
        team = identities.createTeam(org.id(), "support", null, null, false, null);
        otherTeam = identities.createTeam(org.id(), "sales", null, null, false, null);
        key = identities.createKey(org.id(), team.id(), null, "support", null, null, null).secret();
        otherKey = identities.createKey(org.id(), otherTeam.id(), null, "sales", null, null, null).secret();
        gateway.gateway().governance().changed();
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    private JsonNode call(String method, String path, String body) throws Exception {
        HttpResponse<String> response = method.equals("GET") ? gateway.get(path, "Authorization", "Bearer " + key)
                : gateway.post(path, body, "Authorization", "Bearer " + key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void ingestionAndSearchEmbedThroughThePipelineAndLandInTheLedgerUnderTheCallersKey() throws Exception {
        String store = call("POST", "/v1/vector_stores", "{\"name\":\"faq\",\"embedding_model\":\"text-embedding-3-small\"}").path("id").asText();
        HttpResponse<String> uploaded = Multipart.upload(gateway.baseUrl(), key, "faq.md",
                "# Refunds\n\nRefunds are paid within ten days.\n".getBytes(StandardCharsets.UTF_8));
        String file = JSON.readTree(uploaded.body()).path("id").asText();
        call("POST", "/v1/vector_stores/" + store + "/files", "{\"file_id\":\"" + file + "\"}");
        assertThat(gateway.gateway().rag().awaitIdle(30, TimeUnit.SECONDS)).isTrue();
        assertThat(call("GET", "/v1/vector_stores/" + store + "/files/" + file, null).path("status").asText()).isEqualTo("completed");

        JsonNode found = call("POST", "/v1/vector_stores/" + store + "/search", "{\"query\":\"refund\",\"mode\":\"vector\"}");
        assertThat(found.path("data").get(0).path("file_id").asText()).isEqualTo(file);

        upstream.server().verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
        List<UsageRecord> embeddings = usage.all().stream().filter(r -> r.endpoint().equals("embeddings")).toList();
        assertThat(embeddings).hasSize(2).allSatisfy(r -> {
            assertThat(r.attribution().teamId()).isEqualTo(team.id());
            assertThat(r.attribution().keyId()).isNotNull();
            assertThat(r.attribution().tag()).isEqualTo("rag/" + store);
            assertThat(r.costUsd()).isPositive();
        });
    }

    @Test
    void aRebuildReembedsAStoreWithTheGatewaysModelThatAModifyRefused() throws Exception {
        String store = call("POST", "/v1/vector_stores", "{\"name\":\"local-first\"}").path("id").asText();
        assertThat(call("GET", "/v1/vector_stores/" + store, null).path("embedding_model").asText()).isEqualTo("bge-small-en-v1.5");
        HttpResponse<String> uploaded = Multipart.upload(gateway.baseUrl(), key, "faq.md",
                "# Refunds\n\nRefunds are paid within ten days.\n".getBytes(StandardCharsets.UTF_8));
        call("POST", "/v1/vector_stores/" + store + "/files", "{\"file_id\":\"" + JSON.readTree(uploaded.body()).path("id").asText() + "\"}");
        assertThat(gateway.gateway().rag().awaitIdle(30, TimeUnit.SECONDS)).isTrue();
        upstream.server().verify(0, postRequestedFor(urlEqualTo("/v1/embeddings")));

        HttpResponse<String> refused = gateway.post("/v1/vector_stores/" + store, "{\"embedding_model\":\"text-embedding-3-small\"}",
                "Authorization", "Bearer " + key);
        assertThat(refused.statusCode()).isEqualTo(409);
        HttpResponse<String> rebuild = gateway.post("/v1/vector_stores/" + store + "/rebuild", "{\"embedding_model\":\"text-embedding-3-small\"}",
                "Authorization", "Bearer " + key);
        assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(202);
        assertThat(gateway.gateway().rag().awaitIdle(30, TimeUnit.SECONDS)).isTrue();

        JsonNode rebuilt = call("GET", "/v1/vector_stores/" + store, null);
        assertThat(rebuilt.path("embedding_model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(rebuilt.path("status").asText()).isEqualTo("completed");
        upstream.server().verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
        JsonNode found = call("POST", "/v1/vector_stores/" + store + "/search", "{\"query\":\"refund\",\"mode\":\"vector\"}");
        assertThat(found.path("data")).hasSize(1);
        upstream.server().verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void theSearchToolSeesOnlyTheCallersTeamsCollections() throws Exception {
        call("POST", "/v1/vector_stores", "{\"name\":\"faq\",\"embedding_model\":\"text-embedding-3-small\"}");
        RagService rag = gateway.gateway().rag();
        Caller mine = gateway.gateway().caller(key);
        Caller theirs = gateway.gateway().caller(otherKey);
        SearchTool tool = rag.tool();
        JsonNode args = JSON.readTree("{\"query\":\"refund\",\"collection\":\"faq\"}");
        assertThat(tool.call(mine.teamId(), rag.embedders(mine, "tool"), args).passages()).isEmpty();
        assertThatThrownBy(() -> tool.call(theirs.teamId(), rag.embedders(theirs, "tool"), args))
                .isInstanceOfSatisfying(RagException.class, e -> assertThat(e.kind()).isEqualTo(RagException.Kind.NOT_FOUND));
    }
}
