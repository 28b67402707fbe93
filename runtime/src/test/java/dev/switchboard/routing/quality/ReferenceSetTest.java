package dev.switchboard.routing.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.routing.data.Example;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceSetTest {
    static final List<Example> EXAMPLES = List.of(
            new Example("p1", "a", Map.of("m1", 1.0, "m2", 0.0), Map.of("m1", 0.02, "m2", 0.001)),
            new Example("p2", "a", Map.of("m1", 0.0, "m2", 1.0), Map.of("m1", 0.04, "m2", 0.003)),
            new Example("p3", "b", Map.of("m1", 1.0), Map.of("m1", 0.06)));
    static final List<float[]> VECTORS = List.of(new float[] {1, 0, 0}, new float[] {0, 1, 0}, new float[] {0, 0, 1});

    @TempDir
    Path dir;

    @Test
    void meansCountOnlyThePromptsAModelWasMeasuredOn() {
        ReferenceSet set = ReferenceSet.of(EXAMPLES, VECTORS);

        assertThat(set.models()).containsExactlyInAnyOrder("m1", "m2");
        assertThat(set.meanScore("m1")).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(set.meanScore("m2")).isCloseTo(0.5, within(1e-9));
        assertThat(set.meanCost("m2")).isCloseTo(0.002, within(1e-9));
        assertThat(set.meanScore("unknown")).isNaN();
    }

    @Test
    void aWrittenSetReadsBackWithItsScoresCostsAndVectors() throws IOException {
        ReferenceSet set = ReferenceSet.of(EXAMPLES, VECTORS);
        Path file = dir.resolve("set.bin.gz");

        set.write(file);
        ReferenceSet read = ReferenceSet.read(file);

        assertThat(read.size()).isEqualTo(3);
        assertThat(read.models()).isEqualTo(set.models());
        assertThat(read.meanScore("m1")).isCloseTo(set.meanScore("m1"), within(1e-6));
        assertThat(read.meanCost("m1")).isCloseTo(0.04, within(1e-6));
        int m2 = read.models().indexOf("m2");
        assertThat(read.score(2, m2)).isNaN();
        assertThat(read.embedding(1)).containsExactly(0, 1, 0);
    }

    @Test
    void aSetEmbeddedWithTheTransformerIsRefusedWithHowToRebuildIt() throws IOException {
        Path file = dir.resolve("old.bin.gz");
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(0x53425253); // "SBRS"
            out.writeInt(1);
        }

        assertThatThrownBy(() -> ReferenceSet.read(file)).isInstanceOf(IOException.class).hasMessageContaining("switchboard route train");
    }

    @Test
    void theShippedSetCoversTheElevenRouterBenchModels() {
        ReferenceSet shipped = ReferenceSet.loadBundled();

        assertThat(shipped.size()).isEqualTo(1039 + 299 + 887);
        assertThat(shipped.models()).hasSize(11).contains("gpt-4-1106-preview", "mistralai/mixtral-8x7b-chat");
    }
}
