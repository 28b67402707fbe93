package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.testing.FailoverRig;
import dev.switchboard.testing.FailoverRig.Answer;
import dev.switchboard.testing.FakeVendor;
import dev.switchboard.testing.Wire;
import dev.switchboard.usage.AttemptResult;
import dev.switchboard.usage.UsageRecord;
import dev.switchboard.usage.UsageRecord.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the official OpenAI and Anthropic SDKs make of upstream faults behind the gateway: a
 * failover they never notice, a stream cut after its first token that they raise instead of
 * returning a truncated answer as complete, and the errors the gateway passes back (a long rate
 * limit with its {@code Retry-After}, a bad request), each with the gateway's headers.
 *
 * <p>The SDKs' own retries are off, so each test sees the gateway's first and only answer. Every
 * test asks for a model of its own; see {@link FaultInjectionTest}.
 */
class FaultInjectionSdkTest {
    private static final List<String> CASES = List.of("failover-whole", "failover-stream", "cut", "rate-limit", "bad-request");

    private static FailoverRig rig;
    private static OpenAIClient openAi;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        StringBuilder models = new StringBuilder();
        List<String> priced = new ArrayList<>();
        for (FakeVendor.Format format : List.of(FakeVendor.Format.OPENAI, FakeVendor.Format.ANTHROPIC)) {
            for (String name : CASES) {
                String model = model(name, format);
                models.append("""
                          %s:
                            deployments: [{provider: %s, model: %s}]
                            retries: 1
                            fallbacks: [%s]
                        """.formatted(model, FailoverRig.flakyProvider(format), model, healthy(model, format)));
                priced.add(FailoverRig.flakyProvider(format) + "/" + model);
                priced.add(healthy(model, format));
            }
        }
        rig = FailoverRig.start(models.toString(), priced);
        openAi = OpenAIOkHttpClient.builder().baseUrl(rig.gateway().openAiBaseUrl()).apiKey("sk-unused")
                .maxRetries(0).timeout(Duration.ofSeconds(10)).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(rig.gateway().baseUrl()).apiKey("sk-unused")
                .maxRetries(0).timeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        openAi.close();
        anthropic.close();
        rig.close();
    }

    @BeforeEach
    void reset() {
        rig.reset();
    }

    // ---- OpenAI's SDK ----

    @Test
    void the_openai_sdk_gets_the_fallbacks_completion_and_the_headers_name_it() {
        String model = model("failover-whole", FakeVendor.Format.OPENAI);
        inject(FakeVendor.Format.OPENAI, serverError(FakeVendor.Format.OPENAI));

        HttpResponseFor<ChatCompletion> response = openAi.chat().completions().withRawResponse().create(ask(model));

        assertThat(response.parse().choices().get(0).message().content()).hasValue(Answer.OPENAI_WHOLE.text());
        assertThat(response.headers().values("x-switchboard-deployment")).containsExactly(healthy(model, FakeVendor.Format.OPENAI));
        assertThat(response.headers().values("x-switchboard-attempts")).containsExactly("3");
        assertThat(response.headers().values("x-switchboard-cost-usd")).containsExactly(Answer.OPENAI_WHOLE.cost().toPlainString());
        assertServedAfterTwoFailures(response.headers().values("x-request-id").get(0), model, FakeVendor.Format.OPENAI);
    }

    @Test
    void the_openai_sdk_streams_the_fallbacks_answer_to_its_end() {
        String model = model("failover-stream", FakeVendor.Format.OPENAI);
        inject(FakeVendor.Format.OPENAI, serverError(FakeVendor.Format.OPENAI));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();

        HttpResponseFor<StreamResponse<ChatCompletionChunk>> response = openAi.chat().completions().withRawResponse().createStreaming(ask(model));
        try (StreamResponse<ChatCompletionChunk> stream = response.parse()) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion completion = accumulator.chatCompletion();
        assertThat(completion.choices().get(0).message().content()).hasValue(Answer.OPENAI_STREAM.text());
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(response.headers().values("x-switchboard-deployment")).containsExactly(healthy(model, FakeVendor.Format.OPENAI));
        assertThat(response.headers().values("x-switchboard-attempts")).containsExactly("3");
        assertServedAfterTwoFailures(response.headers().values("x-request-id").get(0), model, FakeVendor.Format.OPENAI);
    }

    @Test
    void the_openai_sdk_raises_a_stream_cut_after_its_first_token_instead_of_ending_it() {
        String model = model("cut", FakeVendor.Format.OPENAI);
        inject(FakeVendor.Format.OPENAI, cutAfterTwoTokens(FakeVendor.Format.OPENAI));
        List<String> deltas = new ArrayList<>();

        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(ask(model))) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(deltas::add)));
            }
        }).isInstanceOf(com.openai.errors.SseException.class).hasMessageContaining("ended before the answer was complete");
        assertThat(String.join("", deltas)).isEqualTo("The capital");
    }

    @Test
    void the_openai_sdk_gets_a_long_rate_limit_at_once_with_its_retry_after() {
        String model = model("rate-limit", FakeVendor.Format.OPENAI);
        // Fallbacks take rate limits too: with no healthy deployment left, the last 429 is the answer.
        inject(FakeVendor.Format.OPENAI, rateLimited(FakeVendor.Format.OPENAI));
        inject(rig.healthy(FakeVendor.Format.OPENAI), rateLimited(FakeVendor.Format.OPENAI));

        assertThatThrownBy(() -> openAi.chat().completions().create(ask(model)))
                .isInstanceOfSatisfying(com.openai.errors.RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("30");
                    assertThat(e.headers().values("x-switchboard-attempts")).containsExactly("2");
                    assertThat(e.code()).hasValue("rate_limit_exceeded");
                    assertThat(rig.usage().of(e.headers().values("x-request-id").get(0)).outcome()).isEqualTo(Outcome.FAILED);
                });
    }

    @Test
    void the_openai_sdk_gets_a_bad_request_after_one_attempt() {
        String model = model("bad-request", FakeVendor.Format.OPENAI);
        inject(FakeVendor.Format.OPENAI, Wire.error(FakeVendor.Format.OPENAI, 400, "error-invalid-request.json"));

        assertThatThrownBy(() -> openAi.chat().completions().create(ask(model)))
                .isInstanceOfSatisfying(com.openai.errors.BadRequestException.class, e -> {
                    assertThat(e.code()).hasValue("string_above_max_length");
                    assertThat(e.headers().values("x-switchboard-attempts")).containsExactly("1");
                });
    }

    // ---- Anthropic's SDK ----

    @Test
    void the_anthropic_sdk_gets_the_fallbacks_message_and_the_headers_name_it() {
        String model = model("failover-whole", FakeVendor.Format.ANTHROPIC);
        inject(FakeVendor.Format.ANTHROPIC, serverError(FakeVendor.Format.ANTHROPIC));

        com.anthropic.core.http.HttpResponseFor<Message> response = anthropic.messages().withRawResponse().create(askClaude(model));

        assertThat(text(response.parse())).isEqualTo(Answer.ANTHROPIC_WHOLE.text());
        assertThat(response.headers().values("x-switchboard-deployment")).containsExactly(healthy(model, FakeVendor.Format.ANTHROPIC));
        assertThat(response.headers().values("x-switchboard-attempts")).containsExactly("3");
        assertServedAfterTwoFailures(response.headers().values("x-request-id").get(0), model, FakeVendor.Format.ANTHROPIC);
    }

    @Test
    void the_anthropic_sdk_streams_the_fallbacks_answer_to_its_end() {
        String model = model("failover-stream", FakeVendor.Format.ANTHROPIC);
        inject(FakeVendor.Format.ANTHROPIC, serverError(FakeVendor.Format.ANTHROPIC));
        MessageAccumulator accumulator = MessageAccumulator.create();

        com.anthropic.core.http.HttpResponseFor<com.anthropic.core.http.StreamResponse<RawMessageStreamEvent>> response =
                anthropic.messages().withRawResponse().createStreaming(askClaude(model));
        try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream = response.parse()) {
            stream.stream().forEach(accumulator::accumulate);
        }

        assertThat(text(accumulator.message())).isEqualTo(Answer.ANTHROPIC_STREAM.text());
        assertThat(response.headers().values("x-switchboard-deployment")).containsExactly(healthy(model, FakeVendor.Format.ANTHROPIC));
        assertThat(response.headers().values("x-switchboard-attempts")).containsExactly("3");
        assertServedAfterTwoFailures(response.headers().values("x-request-id").get(0), model, FakeVendor.Format.ANTHROPIC);
    }

    @Test
    void the_anthropic_sdk_raises_a_stream_cut_after_its_first_token_instead_of_ending_it() {
        String model = model("cut", FakeVendor.Format.ANTHROPIC);
        inject(FakeVendor.Format.ANTHROPIC, cutAfterTwoTokens(FakeVendor.Format.ANTHROPIC));
        MessageAccumulator accumulator = MessageAccumulator.create();

        assertThatThrownBy(() -> {
            try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream =
                         anthropic.messages().createStreaming(askClaude(model))) {
                stream.stream().forEach(accumulator::accumulate);
            }
        }).isInstanceOf(com.anthropic.errors.SseException.class).hasMessageContaining("ended before the answer was complete");
        // The accumulator saw the text so far, but never a message_stop: it has no message to give.
        assertThatThrownBy(accumulator::message).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_anthropic_sdk_gets_a_long_rate_limit_at_once_with_its_retry_after() {
        String model = model("rate-limit", FakeVendor.Format.ANTHROPIC);
        inject(FakeVendor.Format.ANTHROPIC, rateLimited(FakeVendor.Format.ANTHROPIC));
        inject(rig.healthy(FakeVendor.Format.ANTHROPIC), rateLimited(FakeVendor.Format.ANTHROPIC));

        assertThatThrownBy(() -> anthropic.messages().create(askClaude(model)))
                .isInstanceOfSatisfying(com.anthropic.errors.RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("30");
                    assertThat(e.headers().values("x-switchboard-attempts")).containsExactly("2");
                    assertThat(rig.usage().of(e.headers().values("x-request-id").get(0)).outcome()).isEqualTo(Outcome.FAILED);
                });
    }

    @Test
    void the_anthropic_sdk_gets_a_bad_request_after_one_attempt() {
        String model = model("bad-request", FakeVendor.Format.ANTHROPIC);
        inject(FakeVendor.Format.ANTHROPIC, Wire.error(FakeVendor.Format.ANTHROPIC, 400, "error-invalid-request.json"));

        assertThatThrownBy(() -> anthropic.messages().create(askClaude(model)))
                .isInstanceOfSatisfying(com.anthropic.errors.BadRequestException.class, e -> {
                    assertThat(e.getMessage()).contains("max_tokens: Field required");
                    assertThat(e.headers().values("x-switchboard-attempts")).containsExactly("1");
                });
    }

    // ---- helpers ----

    private static String model(String name, FakeVendor.Format format) {
        return "sdk-" + name + "-" + format.type();
    }

    private static String healthy(String model, FakeVendor.Format format) {
        return FailoverRig.healthyProvider(format) + "/" + model;
    }

    private static ChatCompletionCreateParams ask(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("What is the capital of France?").build();
    }

    private static MessageCreateParams askClaude(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage("What is the capital of France?").build();
    }

    private static String text(Message message) {
        return String.join("", message.content().stream().filter(ContentBlock::isText).map(b -> b.asText().text()).toList());
    }

    private static void inject(FakeVendor.Format format, ResponseDefinitionBuilder response) {
        inject(rig.flaky(format), response);
    }

    private static void inject(FakeVendor vendor, ResponseDefinitionBuilder response) {
        vendor.server().stubFor(post(Wire.chatPath(vendor.format())).atPriority(1).willReturn(response));
    }

    private static ResponseDefinitionBuilder serverError(FakeVendor.Format format) {
        return Wire.error(format, 500, format == FakeVendor.Format.ANTHROPIC ? "error-api.json" : "error-server.json");
    }

    private static ResponseDefinitionBuilder rateLimited(FakeVendor.Format format) {
        return Wire.error(format, 429, "error-rate-limit.json").withHeader("Retry-After", "30");
    }

    /** The recorded stream up to its second text delta, then the end of the body: no end marker. */
    private static ResponseDefinitionBuilder cutAfterTwoTokens(FakeVendor.Format format) {
        Answer answer = Answer.of(format, true);
        String body = answer.body();
        String secondToken = format == FakeVendor.Format.OPENAI ? "\" capital\"" : "\"! How can I\"";
        return answer.response().withBody(body.substring(0, body.indexOf("\n\n", body.indexOf(secondToken)) + 2));
    }

    private static void assertServedAfterTwoFailures(String requestId, String model, FakeVendor.Format format) {
        UsageRecord record = rig.usage().of(requestId);
        assertThat(record.outcome()).isEqualTo(Outcome.COMPLETED);
        String flaky = FailoverRig.flakyProvider(format) + "/" + model;
        assertThat(record.attempts()).extracting(UsageRecord.Attempt::deployment, UsageRecord.Attempt::result, UsageRecord.Attempt::status)
                .containsExactly(tuple(flaky, AttemptResult.SERVER_ERROR, 500), tuple(flaky, AttemptResult.SERVER_ERROR, 500),
                        tuple(healthy(model, format), AttemptResult.SERVED, 200));
        assertThat(record.costUsd()).isEqualByComparingTo(Answer.of(format, record.stream()).cost());
    }
}
