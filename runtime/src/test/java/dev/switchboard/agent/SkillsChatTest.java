package dev.switchboard.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.governance.identity.ModelRules;
import dev.switchboard.testing.GovernanceRig;
import dev.switchboard.testing.SkillZips;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.usage.UsageRecord;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "done when": a chat request that asks for skills, against a WireMock model that
 * first asks for a skill with the built-in tool and then answers with what it received. The
 * gateway runs that loop itself, each turn through the model pipeline, and the client gets only
 * the final answer: through the official OpenAI SDK, and as a stream.
 */
class SkillsChatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // A sentence of the shipped cited-answer skill's body: the model sees it only after activating the skill.
    private static final String SKILL_BODY = "Answer only from the passages given in the conversation.";
    private static final String QUESTION = "Passages: [1] Paris is the capital and largest city of France. Question: what is the capital of France?";

    private GovernanceRig rig;

    @BeforeEach
    void start() {
        rig = GovernanceRig.start(TestDatabase.SQLITE);
        // Turn 2 and later: the skill's body is in the conversation, so the model answers with a citation.
        rig.upstream().server().stubFor(post("/v1/chat/completions").atPriority(1).withRequestBody(containing("Answer only from the passages"))
                .willReturn(answer("{\"role\":\"assistant\",\"content\":\"Paris is the capital of France [1].\\n\\nSources\\n[1] Paris is the capital\"}",
                        "stop", 300, 20)));
        // Turn 1: the model picks the skill from the catalog and asks for it.
        rig.upstream().server().stubFor(post("/v1/chat/completions").atPriority(5)
                .willReturn(answer("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"activate_skill\",\"arguments\":\"{\\\"name\\\":\\\"cited-answer\\\"}\"}}]}", "tool_calls", 100, 10)));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer(String message, String finish, int in, int out) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                {"id":"chatcmpl-%d","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":%s,"finish_reason":"%s"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}""".formatted(in, message, finish, in, out, in + out));
    }

    private List<JsonNode> upstreamRequests() throws Exception {
        List<LoggedRequest> logged = rig.upstream().server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        List<JsonNode> bodies = new java.util.ArrayList<>();
        for (LoggedRequest request : logged) {
            bodies.add(JSON.readTree(request.getBodyAsString()));
        }
        return bodies;
    }

    @Test
    void the_model_loads_a_skill_on_demand_and_answers_with_it_through_the_openai_sdk() throws Exception {
        String key = rig.newKey().secret();
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(rig.gateway().openAiBaseUrl()).apiKey(key).maxRetries(0).build();
        HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage(QUESTION)
                .putAdditionalBodyProperty("switchboard", JsonValue.from(Map.of("skills", List.of("cited-answer"))))
                .build());
        ChatCompletion completion = response.parse();

        assertThat(completion.choices().get(0).message().content().orElseThrow()).contains("Paris is the capital of France [1].");
        assertThat(completion.choices().get(0).message().toolCalls().orElse(List.of())).isEmpty();
        assertThat(completion.usage().orElseThrow().promptTokens()).as("every turn's usage").isEqualTo(400);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(30);
        assertThat(response.headers().values("x-switchboard-skills-turns")).containsExactly("2");
        assertThat(response.headers().values("x-switchboard-skills-activated")).containsExactly("cited-answer");

        List<JsonNode> turns = upstreamRequests();
        assertThat(turns).hasSize(2);
        JsonNode first = turns.get(0);
        assertThat(first.toString()).as("the catalog: name and description only").contains("<available_skills>", "<name>cited-answer</name>")
                .doesNotContain(SKILL_BODY).doesNotContain("diff-review").doesNotContain("switchboard\":");
        List<String> tools = new java.util.ArrayList<>();
        first.path("tools").forEach(tool -> tools.add(tool.path("function").path("name").asText()));
        assertThat(tools).as("scripts are off by default").containsExactly("activate_skill", "read_skill_file");
        JsonNode toolResult = turns.get(1).path("messages").get(turns.get(1).path("messages").size() - 1);
        assertThat(toolResult.path("role").asText()).isEqualTo("tool");
        assertThat(toolResult.path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(toolResult.path("content").toString()).contains("<skill_content name=\\\"cited-answer\\\">").contains(SKILL_BODY);

        String requestId = response.headers().values("x-request-id").get(0);
        UsageRecord firstTurn = rig.usage().of(requestId);
        assertThat(firstTurn.usage().inputTokens()).isEqualTo(100);
        assertThat(rig.usage().tagged(requestId)).as("the later turn, tagged with the request").singleElement()
                .satisfies(turn -> assertThat(turn.usage().inputTokens()).isEqualTo(300));
    }

    @Test
    void a_streaming_request_asking_by_header_gets_the_final_answer_as_a_stream() {
        String key = rig.newKey().secret();
        HttpResponse<String> response = rig.gateway().post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]}",
                "Authorization", "Bearer " + key, "x-switchboard-skills", "*");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(response.body()).contains("\"content\":\"Paris is the capital of France [1].").contains("data: [DONE]");
        assertThat(response.headers().firstValue("x-switchboard-skills-activated")).contains("cited-answer");
    }

    @Test
    void an_unknown_skill_is_a_400_in_openais_shape_naming_it_and_no_model_is_called() throws Exception {
        HttpResponse<String> response = rig.chat(rig.newKey().secret(),
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"switchboard\":{\"skills\":[\"nope\"]}}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("message").asText()).startsWith("There is no skill named 'nope' for this API key; available: [cited-answer, diff-review");
        assertThat(error.path("param").asText()).isEqualTo("switchboard.skills");
        HttpResponse<String> malformed = rig.chat(rig.newKey().secret(),
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"switchboard\":{\"skills\":5}}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("error").path("message").asText())
                .isEqualTo("switchboard.skills must be \"*\", true, or a non-empty list of skill names.");
        assertThat(upstreamRequests()).isEmpty();
    }

    @Test
    void a_skill_uploaded_by_a_team_is_offered_to_that_teams_keys_only() throws Exception {
        var otherTeam = rig.identities().createTeam(rig.org().id(), "other", null, null, false, null);
        byte[] upload = SkillZips.skill("house-style", "The team's house style for answers.");
        try (var staged = rig.gateway().gateway().skills().stage(rig.team().id(), upload, "house-style.zip")) {
            staged.install();
        }
        String ownKey = rig.newKey().secret();
        String otherKey = rig.identities().createKey(rig.org().id(), otherTeam.id(), null, "other", ModelRules.ANY, null, null).secret();
        rig.governance().changed();
        String ask = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}],\"switchboard\":{\"skills\":\"*\"}}";
        assertThat(rig.chat(ownKey, ask).statusCode()).isEqualTo(200);
        assertThat(upstreamRequests().get(0).toString()).contains("<name>house-style</name>");
        rig.upstream().server().resetRequests();
        assertThat(rig.chat(otherKey, ask).statusCode()).isEqualTo(200);
        assertThat(upstreamRequests().get(0).toString()).doesNotContain("house-style").contains("<name>cited-answer</name>");
    }

    @Test
    void an_anthropic_client_gets_the_same_loop_and_its_answer_in_anthropics_format() throws Exception {
        HttpResponse<String> response = rig.gateway().post("/v1/messages",
                "{\"model\":\"gpt-4o-mini\",\"max_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}],"
                        + "\"switchboard\":{\"skills\":true}}",
                "x-api-key", rig.newKey().secret(), "anthropic-version", "2023-06-01");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode message = JSON.readTree(response.body());
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("content").get(0).path("text").asText()).startsWith("Paris is the capital of France [1].");
        assertThat(message.path("usage").path("input_tokens").asLong()).isEqualTo(400);
        assertThat(upstreamRequests()).hasSize(2);
    }
}
