package dev.switchboard.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import dev.switchboard.governance.Governance;
import dev.switchboard.governance.identity.IdentityStore;
import dev.switchboard.governance.identity.ModelRules;
import dev.switchboard.governance.identity.Org;
import dev.switchboard.governance.identity.Team;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

/**
 * A gateway with governance on a fresh database, a fake OpenAI upstream whose answers report the
 * usage a test chooses, a test clock, and an organisation with one team to hang keys, limits and
 * budgets on. Models {@code gpt-4o-mini} and {@code gpt-4o} both cost $1 per million tokens in
 * and out, i.e. 1,000 nano-dollars a token; {@code mini} is an alias of the first.
 */
public final class GovernanceRig implements AutoCloseable {
    public static final Instant START = Instant.parse("2026-03-10T12:00:00Z");
    public static final long NANOS_PER_TOKEN = 1_000;

    private final OpenAiUpstream upstream;
    private final RunningGateway gateway;
    private final MutableClock clock;
    private final RecordedUsage usage;
    private final Org org;
    private final Team team;

    private GovernanceRig(OpenAiUpstream upstream, RunningGateway gateway, MutableClock clock, RecordedUsage usage) {
        this.upstream = upstream;
        this.gateway = gateway;
        this.clock = clock;
        this.usage = usage;
        this.org = identities().createOrg("acme");
        this.team = identities().createTeam(org.id(), "search", null, null, false, null);
        answerWithUsage(10, 5);
    }

    /** @param extraYaml more config, e.g. {@code governance.alerts}, appended under the database's governance section */
    public static GovernanceRig start(TestDatabase database, String extraYaml) {
        return start(database, extraYaml, Map.of());
    }

    /** @param env the gateway's environment, e.g. the bootstrap admin key for tests that use the admin API */
    public static GovernanceRig start(TestDatabase database, String extraYaml, Map<String, String> env) {
        OpenAiUpstream upstream = new OpenAiUpstream();
        MutableClock clock = new MutableClock(START);
        RecordedUsage usage = new RecordedUsage();
        String yaml = database.governanceYaml() + extraYaml + upstream.config("gpt-4o-mini", "gpt-4o") + """
                catalog:
                  - id: upstream/gpt-4o-mini
                    provider: upstream
                    model: gpt-4o-mini
                    mode: chat
                    pricing: {input: "1", output: "1"}
                  - id: upstream/gpt-4o
                    provider: upstream
                    model: gpt-4o
                    mode: chat
                    pricing: {input: "1", output: "1"}
                aliases:
                  mini: gpt-4o-mini
                """;
        return new GovernanceRig(upstream, RunningGateway.start(yaml, env, usage, clock), clock, usage);
    }

    public static GovernanceRig start(TestDatabase database) {
        return start(database, "");
    }

    public RunningGateway gateway() {
        return gateway;
    }

    public Governance governance() {
        return gateway.gateway().governance();
    }

    public IdentityStore identities() {
        return governance().identities();
    }

    public MutableClock clock() {
        return clock;
    }

    public RecordedUsage usage() {
        return usage;
    }

    public OpenAiUpstream upstream() {
        return upstream;
    }

    public Org org() {
        return org;
    }

    public Team team() {
        return team;
    }

    /** A new key on the rig's team, announced to the gateway as the admin API would. */
    public IdentityStore.CreatedKey newKey(ModelRules models) {
        IdentityStore.CreatedKey key = identities().createKey(org.id(), team.id(), null, "test", models, null, null);
        governance().changed();
        return key;
    }

    public IdentityStore.CreatedKey newKey() {
        return newKey(null);
    }

    /** From now on every chat completion reports this usage. */
    public void answerWithUsage(long promptTokens, long completionTokens) {
        upstream.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"Paris."},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}"""
                        .formatted(promptTokens, completionTokens, promptTokens + completionTokens))));
    }

    /** A chat completion request with the key as bearer token. */
    public HttpResponse<String> chat(String key, String body) {
        return gateway.post("/v1/chat/completions", body, "Authorization", "Bearer " + key);
    }

    public static String chatBody(String model, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";
    }

    @Override
    public void close() {
        gateway.close();
        upstream.close();
    }
}
