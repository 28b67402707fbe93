package dev.switchboard.bench;

import dev.switchboard.catalog.Pricing;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResult;
import dev.switchboard.dialect.anthropic.AnthropicDialect;
import dev.switchboard.dialect.gemini.GeminiDialect;
import dev.switchboard.dialect.openai.OpenAiDialect;
import dev.switchboard.dialect.anthropic.AnthropicMessagesRequest;
import dev.switchboard.dialect.openai.OpenAiChatRequest;
import dev.switchboard.dialect.openai.OpenAiUsage;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What protocol translation costs the gateway per request, next to same-format pass-through, on
 * the CPU work alone (no network): the request path for a 4,096-byte OpenAI chat request
 * ({@code payloads/chat-request-4k.json}: system prompt, three tools, a tool call and its result)
 * and the same conversation as an Anthropic Messages request, and the answer path for a complete
 * answer. Each benchmark does exactly what the gateway's handler does on that path:
 * <ul>
 *   <li>{@code *PassThrough}: the streaming parse and validation plus the model splice;</li>
 *   <li>{@code openAiTo*} / {@code anthropicTo*}: the same parse, the client dialect's decode into
 *       the neutral form, and the upstream dialect's encode;</li>
 *   <li>{@code answer*}: reading, pricing and re-writing a complete answer.</li>
 * </ul>
 * Sample-time mode reports percentiles; the target is p50(translation) −
 * p50(pass-through) ≤ 100 µs.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar TranslationBenchmark -f 1 -wi 5 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TranslationBenchmark {
    private static final Pricing PRICING = Pricing.perMillion("0.15", "0.6", "0.075", null);

    private final OpenAiDialect openAi = new OpenAiDialect();
    private final AnthropicDialect anthropic = new AnthropicDialect();
    private final GeminiDialect gemini = new GeminiDialect();

    private byte[] openAiRequest;
    private byte[] anthropicRequest;
    private byte[] openAiAnswer;
    private byte[] anthropicAnswer;

    @Setup
    public void setUp() {
        openAiRequest = Payloads.read("chat-request-4k.json");
        ChatRequest neutral = openAi.decodeRequest(openAiRequest);
        anthropicRequest = anthropic.encodeRequest(neutral, "claude-sonnet-4");
        openAiAnswer = Payloads.COMPLETION;
        ChatResult answer = openAi.decodeResponse(openAiAnswer);
        anthropicAnswer = anthropic.encodeResponse(answer, null);
    }

    @Benchmark
    public byte[] openAiPassThrough() {
        return OpenAiChatRequest.parse(openAiRequest).bodyFor("gpt-4o-mini-2024-07-18");
    }

    @Benchmark
    public byte[] openAiToAnthropic() {
        OpenAiChatRequest.parse(openAiRequest);
        return anthropic.encodeRequest(openAi.decodeRequest(openAiRequest), "claude-sonnet-4");
    }

    @Benchmark
    public byte[] openAiToGemini() {
        OpenAiChatRequest.parse(openAiRequest);
        return gemini.encodeRequest(openAi.decodeRequest(openAiRequest), "gemini-2.5-flash");
    }

    @Benchmark
    public byte[] anthropicPassThrough() {
        return AnthropicMessagesRequest.parse(anthropicRequest, true).bodyFor("claude-sonnet-4-20250514");
    }

    @Benchmark
    public byte[] anthropicToOpenAi() {
        AnthropicMessagesRequest.parse(anthropicRequest, true);
        return openAi.encodeRequest(anthropic.decodeRequest(anthropicRequest), "gpt-4o-mini");
    }

    @Benchmark
    public byte[] answerPassThrough() {
        OpenAiUsage.Found found = OpenAiUsage.scan(openAiAnswer);
        BigDecimal cost = PRICING.costOf(found.usage()).orElseThrow();
        return OpenAiUsage.withCost(openAiAnswer, found, cost);
    }

    @Benchmark
    public byte[] answerAnthropicToOpenAi() {
        ChatResult result = anthropic.decodeResponse(anthropicAnswer);
        return openAi.encodeResponse(result, PRICING.costOf(result.usage()).orElseThrow());
    }
}
