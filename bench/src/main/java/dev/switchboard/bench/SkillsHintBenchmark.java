package dev.switchboard.bench;

import dev.switchboard.dialect.openai.OpenAiChatRequest;
import dev.switchboard.relay.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the skills hint costs a chat request that does not ask for skills: the scan of its body for
 * the gateway's extension ({@code "switchboard"}), next to the light parse every chat request
 * already pays, on the same 4,096-byte OpenAI request ({@code payloads/chat-request-4k.json}). A
 * request without the header and without those bytes pays only the scan (http/SkillsHint).
 * Results: docs/skills.md, "Cost for requests without skills".
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar SkillsHintBenchmark -f 2 -wi 5 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SkillsHintBenchmark {
    private static final byte[] MARKER = "\"switchboard\"".getBytes(StandardCharsets.UTF_8);
    private static final Bytes.Needle NEEDLE = new Bytes.Needle(MARKER);
    private byte[] request;

    @Setup
    public void setUp() {
        request = Payloads.read("chat-request-4k.json");
    }

    /** What SkillsHint does. */
    @Benchmark
    public boolean skillsHintScan() {
        return NEEDLE.in(request);
    }

    /** The byte-by-byte scan the relays use, for comparison. */
    @Benchmark
    public boolean byteByByteScan() {
        return Bytes.contains(request, MARKER);
    }

    @Benchmark
    public Object lightParse() {
        return OpenAiChatRequest.parse(request);
    }
}
